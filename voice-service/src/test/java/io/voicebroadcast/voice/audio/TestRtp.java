package io.voicebroadcast.voice.audio;

/** Builds RTP datagrams for tests. */
final class TestRtp {

    private TestRtp() {
    }

    static byte[] datagram(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        byte[] out = new byte[12 + payload.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) payloadType;
        out[2] = (byte) (sequence >>> 8);
        out[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            out[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
            out[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, out, 12, payload.length);
        return out;
    }

    static RtpPacket packet(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        byte[] data = datagram(payloadType, sequence, timestamp, ssrc, payload);
        try {
            return RtpPacket.parse(data, 0, data.length);
        } catch (MalformedRtpException e) {
            throw new AssertionError(e);
        }
    }
}
