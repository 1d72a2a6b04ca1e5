package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.room.Room;

/** Opens the audio input of a room's broadcast (a UDP port from the configured range). */
public interface AudioInputFactory {

    /** @throws StreamCapacityException when no port of the range is free */
    AudioInput open(Room room);
}
