package io.voicebroadcast.voice.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Test support: one synthetic RTP stream to a port on 127.0.0.1, one 20 ms packet per call, in
 * PCMU (a sine encoded with mu-law) or with a given Opus payload.
 */
final class RtpTestSender implements AutoCloseable {

    private static final int PCMU_SAMPLES = 160;

    private final DatagramSocket socket;
    private final int targetPort;
    private final int payloadType;
    private final long ssrc;
    private int sequence = 1000;
    private long timestamp = 5000;
    private long sineSample;

    RtpTestSender(InetAddress from, int targetPort, int payloadType, long ssrc) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(from, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.targetPort = targetPort;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
    }

    static RtpTestSender pcmu(int targetPort, long ssrc) {
        return new RtpTestSender(InetAddress.getLoopbackAddress(), targetPort, 0, ssrc);
    }

    /** Sends the next 20 ms of a sine of {@code amplitude} (1.0 = full scale) as PCMU. */
    void sendSine(double frequencyHz, double amplitude) {
        byte[] payload = new byte[PCMU_SAMPLES];
        for (int i = 0; i < PCMU_SAMPLES; i++) {
            double v = amplitude * 32767 * Math.sin(2 * Math.PI * frequencyHz * (sineSample + i) / 8_000.0);
            payload[i] = muLaw((short) Math.round(v));
        }
        send(payload, PCMU_SAMPLES);
    }

    /** Sends one packet carrying {@code payload}, advancing the timestamp by {@code clockUnits}. */
    void send(byte[] payload, int clockUnits) {
        byte[] datagram = TestRtp.datagram(payloadType, sequence & 0xFFFF, timestamp & 0xFFFF_FFFFL, ssrc, payload);
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        advance(clockUnits);
    }

    /** A packet that is never sent: the sequence number and the sine move on. */
    void skip() {
        advance(PCMU_SAMPLES);
    }

    private void advance(int clockUnits) {
        sequence++;
        timestamp += clockUnits;
        sineSample += clockUnits;
    }

    /** G.711 mu-law encoding (the inverse of {@link G711#decodeMuLaw}). */
    static byte muLaw(short pcm) {
        int bias = 0x84;
        int clip = 32_635;
        int sign = pcm < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs((int) pcm), clip) + bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    @Override
    public void close() {
        socket.close();
    }
}
