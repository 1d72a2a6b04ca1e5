package io.voicebroadcast.voice.audio;

import java.net.DatagramSocket;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The room's audio arriving as one RTP stream on a UDP socket (the direct audio mode), offered to
 * the frame clock as an {@link AudioSource}: one {@link RtpStreamInput} that takes datagrams from
 * any sender, since whatever mixes the room sends to the port it was given.
 *
 * <p>{@link #read(short[])} never waits for the network; decoding happens there, in playout order,
 * because loss concealment must follow the previous packet.
 */
public final class RtpAudioReceiver implements AudioSource {

    private final RtpStreamInput input;

    /**
     * @param socket      a bound socket; the receiver owns it from now on and closes it
     * @param nanoTime    a monotonic clock, {@code System::nanoTime} in production
     * @param stopTimeout how long {@link #close()} waits for the receiver thread to end
     */
    public RtpAudioReceiver(DatagramSocket socket, RtpPayloadFormat format, JitterBuffer.Settings settings,
                            LongSupplier nanoTime, Duration stopTimeout) {
        this.input = RtpStreamInput.fromAnySender(socket, format, settings, nanoTime, stopTimeout);
    }

    /** Starts the receiver thread; returns this for chaining. */
    public RtpAudioReceiver start() {
        input.start();
        return this;
    }

    @Override
    public boolean read(short[] chunk) {
        return input.read(chunk);
    }

    public int localPort() {
        return input.localPort();
    }

    public RtpReceiverStats stats() {
        RtpStreamStats s = input.stats();
        return new RtpReceiverStats(s.packetsReceived(), s.lost(), s.late(), s.duplicates(), s.droppedByCap(),
                s.malformed(), s.ignored(), s.resets(), s.lastPacketNanos());
    }

    /** Whether an RTP packet of the stream arrived within {@code thresholdNanos} before {@code nowNanos}. */
    public boolean isReceiving(long nowNanos, long thresholdNanos) {
        var last = input.stats().lastPacketNanos();
        return last.isPresent() && nowNanos - last.getAsLong() < thresholdNanos;
    }

    @Override
    public void close() {
        input.close();
    }
}
