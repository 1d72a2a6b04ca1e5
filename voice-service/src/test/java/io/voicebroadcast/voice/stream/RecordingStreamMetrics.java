package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DestinationError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a broadcast counted, for the supervisors' tests. */
final class RecordingStreamMetrics implements StreamMetrics {

    final List<StreamEvents.ChangeReason> switches = new CopyOnWriteArrayList<>();
    final List<EncoderExit> encoderRestarts = new CopyOnWriteArrayList<>();
    final List<DestinationError> destinationReconnects = new CopyOnWriteArrayList<>();

    @Override
    public void sourceSwitched(StreamEvents.ChangeReason reason) {
        switches.add(reason);
    }

    @Override
    public void encoderRestarted(EncoderExit cause) {
        encoderRestarts.add(cause);
    }

    @Override
    public void destinationReconnected(DestinationError cause) {
        destinationReconnects.add(cause);
    }
}
