package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.pipeline.SourceKind;
import java.util.UUID;

/**
 * What a broadcast tells the room's participants. Implementations never block the caller (the
 * frame clock and the request threads call it) and never see a URL: only kinds and masked text.
 */
public interface StreamEvents {

    enum StopReason {
        MANUAL,
        ERROR,
        ROOM_CLOSED
    }

    enum ChangeReason {
        MANUAL_SWITCH,
        SOURCE_DISCONNECTED,
        SOURCE_RECOVERED
    }

    void started(UUID roomId, SourceKind onAir);

    void stopped(UUID roomId, StopReason reason);

    /** What is on air in slot 0 (the main picture; the whole picture in the single layout) changed. */
    default void sourceChanged(UUID roomId, SourceKind previous, SourceKind current, ChangeReason reason) {
        sourceChanged(roomId, 0, previous, current, reason);
    }

    /** What is on air in a slot of the layout changed (slot 0: the main picture). */
    void sourceChanged(UUID roomId, int slot, SourceKind previous, SourceKind current, ChangeReason reason);

    /** {@code health} is never STOPPED here; {@code maskedMessage} may be null. */
    void health(UUID roomId, StreamHealth health, String maskedMessage);

    /**
     * One of the broadcast's destinations changed state. {@code previous} is null for one that
     * just started; {@code error} and {@code maskedMessage} are set when it is reconnecting or failed.
     */
    void destination(UUID roomId, String destinationId, DestinationState.Name state, DestinationState.Name previous,
                     int reconnects, DestinationError error, String maskedMessage);

    /** Events that go nowhere (tests, or a node with events switched off). */
    StreamEvents NONE = new StreamEvents() {
        @Override
        public void started(UUID roomId, SourceKind onAir) {
        }

        @Override
        public void stopped(UUID roomId, StopReason reason) {
        }

        @Override
        public void sourceChanged(UUID roomId, int slot, SourceKind previous, SourceKind current, ChangeReason reason) {
        }

        @Override
        public void health(UUID roomId, StreamHealth health, String maskedMessage) {
        }

        @Override
        public void destination(UUID roomId, String destinationId, DestinationState.Name state, DestinationState.Name previous,
                                int reconnects, DestinationError error, String maskedMessage) {
        }
    };
}
