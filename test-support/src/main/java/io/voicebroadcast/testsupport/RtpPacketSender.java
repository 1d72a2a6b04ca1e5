package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One RTP stream to a port on 127.0.0.1, sent a packet at a time when the caller says so: for
 * tests that drive time themselves (a mixer read tick by tick) and for a benchmark's own packet
 * clock. Each packet advances the sequence number and the timestamp; the payload is a PCMU sine
 * (20 ms, mu-law) or any bytes. A room's audio in real time, encoded by FFmpeg, is {@link RtpTone}.
 */
public final class RtpPacketSender implements AutoCloseable {

    /** 20 ms at 8 kHz: one PCMU packet as a phone sends it. */
    public static final int PCMU_SAMPLES = 160;
    private static final int PCMU_RATE = 8_000;

    private final DatagramSocket socket;
    private final int targetPort;
    private final int payloadType;
    private final long ssrc;
    private int sequence = 1000;
    private long timestamp = 5000;
    private long sineSample;

    /** A sender bound to {@code from} (any loopback address: 127.0.0.2 is a second host on the same machine). */
    public RtpPacketSender(InetAddress from, int targetPort, int payloadType, long ssrc) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(from, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.targetPort = targetPort;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
    }

    /** PCMU (static payload type 0) from 127.0.0.1. */
    public static RtpPacketSender pcmu(int targetPort, long ssrc) {
        return new RtpPacketSender(InetAddress.getLoopbackAddress(), targetPort, 0, ssrc);
    }

    /** Sends the next 20 ms of a sine of {@code amplitude} (1.0 = full scale) as PCMU, continuing the previous packet's phase. */
    public void sendSine(double frequencyHz, double amplitude) {
        send(pcmuSine(frequencyHz, amplitude, sineSample), PCMU_SAMPLES);
    }

    /** Sends one packet carrying {@code payload}, advancing the timestamp by {@code clockUnits}. */
    public void send(byte[] payload, int clockUnits) {
        byte[] datagram = datagram(payloadType, sequence & 0xFFFF, timestamp & 0xFFFF_FFFFL, ssrc, payload);
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        advance(clockUnits);
    }

    /** A packet that is never sent, as on a lossy network: the sequence number and the sine move on. */
    public void skip() {
        advance(PCMU_SAMPLES);
    }

    private void advance(int clockUnits) {
        sequence++;
        timestamp += clockUnits;
        sineSample += clockUnits;
    }

    @Override
    public void close() {
        socket.close();
    }

    /** An RTP datagram: version 2, no padding, extension or CSRC, marker clear. */
    public static byte[] datagram(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
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

    /** 20 ms of a sine at 8 kHz from sample {@code firstSample} on, mu-law encoded. */
    public static byte[] pcmuSine(double frequencyHz, double amplitude, long firstSample) {
        byte[] payload = new byte[PCMU_SAMPLES];
        for (int i = 0; i < PCMU_SAMPLES; i++) {
            double v = amplitude * 32767 * Math.sin(2 * Math.PI * frequencyHz * (firstSample + i) / PCMU_RATE);
            payload[i] = muLaw((short) Math.round(v));
        }
        return payload;
    }

    /** G.711 mu-law encoding of one sample (ITU-T G.711, with the usual bias of 0x84). */
    public static byte muLaw(short pcm) {
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
}
