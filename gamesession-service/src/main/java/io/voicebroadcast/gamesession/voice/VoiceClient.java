package io.voicebroadcast.gamesession.voice;

import java.util.UUID;

/**
 * The voice service as this service uses it. Every method throws {@link VoiceCallException}
 * (masked) when the call fails.
 */
public interface VoiceClient {

    /** Creates a scaled room (only those can stream) and returns its ID. */
    UUID createScaledRoom(String displayName);

    void deleteRoom(UUID roomId);

    VoiceStreamState startStream(UUID roomId, VoiceStreamSpec spec);

    VoiceStreamState updateStream(UUID roomId, StreamChange change);

    /** Adds a destination to the room's running stream; the encoder and the other destinations are untouched. */
    VoiceStreamState addDestination(UUID roomId, StreamDestination destination);

    /** Ends one destination's publish session; the encoder and the other destinations are untouched. */
    VoiceStreamState removeDestination(UUID roomId, String destinationId);

    /** Switches the running stream to {@code spec}'s layout and slot cameras (slot 0 keeps what it has), without a gap. */
    VoiceStreamState switchLayout(UUID roomId, VoiceStreamSpec spec);

    VoiceStreamState stopStream(UUID roomId);

    VoiceStreamState streamStatus(UUID roomId);
}
