package io.voicebroadcast.voice.audio;

import io.voicebroadcast.testsupport.RtpPacketSender;

/** RTP packets for tests, parsed as the receiver parses them. */
final class TestRtp {

    private TestRtp() {
    }

    static RtpPacket packet(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        byte[] data = RtpPacketSender.datagram(payloadType, sequence, timestamp, ssrc, payload);
        try {
            return RtpPacket.parse(data, 0, data.length);
        } catch (MalformedRtpException e) {
            throw new AssertionError(e);
        }
    }
}
