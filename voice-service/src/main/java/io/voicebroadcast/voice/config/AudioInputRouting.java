package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.audio.UdpPortAllocator;
import io.voicebroadcast.voice.stream.AudioInputFactory;

/** Lets a wiring of its own (RTPEngine) choose a room's audio input, around the direct one. */
@FunctionalInterface
interface AudioInputRouting {

    AudioInputRouting DIRECT_ONLY = (direct, ports) -> direct;

    /** @param ports the node's audio port range, shared by every mode */
    AudioInputFactory route(AudioInputFactory direct, UdpPortAllocator ports);
}
