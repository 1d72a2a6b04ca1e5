package io.voicebroadcast.voice.participant;

import io.voicebroadcast.voice.audio.UdpPortAllocator;
import io.voicebroadcast.voice.stream.AudioInputFactory;

/**
 * Chooses a room's audio input around the {@link DirectAudioInputFactory direct} one: with RTPEngine
 * configured, by the room's audio mode ({@link RtpEngineAudioInputFactory}); otherwise always direct.
 */
@FunctionalInterface
public interface AudioInputRouting {

    AudioInputRouting DIRECT_ONLY = (direct, ports) -> direct;

    /** @param ports the node's audio port range, shared by every mode */
    AudioInputFactory route(AudioInputFactory direct, UdpPortAllocator ports);
}
