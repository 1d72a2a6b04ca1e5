package io.voicebroadcast.voice.audio;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The room's audio arriving as one RTP stream on a UDP socket, offered to the frame clock as an
 * {@link AudioSource}.
 *
 * <p>A receiver thread blocks on the socket, parses each datagram and hands it to the
 * {@link JitterBuffer}. {@link #read(short[])} never waits for the network: under a short lock it
 * pulls decoded packets (or their concealment) from the jitter buffer into a PCM FIFO and hands out
 * exactly 20 ms, or silence when nothing is due. Decoding happens in {@code read}, in playout order,
 * because loss concealment must follow the previous packet.
 */
public final class RtpAudioReceiver implements AudioSource {

    /** Larger than any RTP packet on an Ethernet path, with room for jumbo frames. */
    private static final int MAX_DATAGRAM_BYTES = 9_000;
    private static final int FIFO_INITIAL_VALUES = 8 * AudioFormat.CHUNK_VALUES;

    private final DatagramSocket socket;
    private final LongSupplier nanoTime;
    private final Duration stopTimeout;
    private final Object lock = new Object();
    private final JitterBuffer jitterBuffer;
    private final PcmFifo fifo = new PcmFifo(FIFO_INITIAL_VALUES);
    private final Thread receiverThread;

    // Guarded by lock.
    private long packetsReceived;
    private long malformed;
    private long ignored;
    private long lastPacketNanos;
    private boolean anyPacket;

    private volatile boolean closed;

    /**
     * @param socket      a bound socket; the receiver owns it from now on and closes it
     * @param nanoTime    a monotonic clock, {@code System::nanoTime} in production
     * @param stopTimeout how long {@link #close()} waits for the receiver thread to end
     */
    public RtpAudioReceiver(DatagramSocket socket, RtpPayloadFormat format, JitterBuffer.Settings settings,
                            LongSupplier nanoTime, Duration stopTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
        this.jitterBuffer = new JitterBuffer(format, format.newDecoder(), settings);
        this.receiverThread = new Thread(this::receiveLoop, "rtp-audio-" + socket.getLocalPort());
        this.receiverThread.setDaemon(true);
    }

    /** Starts the receiver thread; returns this for chaining. */
    public RtpAudioReceiver start() {
        receiverThread.start();
        return this;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public boolean read(short[] chunk) {
        if (chunk.length != AudioFormat.CHUNK_VALUES) {
            throw new IllegalArgumentException("chunk must hold " + AudioFormat.CHUNK_VALUES + " samples, got " + chunk.length);
        }
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            while (fifo.available() < chunk.length) {
                short[] pcm = jitterBuffer.poll(now);
                if (pcm == null) {
                    break;
                }
                fifo.write(pcm);
            }
            int delivered = Math.min(fifo.available(), chunk.length);
            fifo.read(chunk, 0, delivered);
            Arrays.fill(chunk, delivered, chunk.length, (short) 0);
            return delivered > 0;
        }
    }

    public RtpReceiverStats stats() {
        synchronized (lock) {
            JitterBuffer.Counters c = jitterBuffer.counters();
            return new RtpReceiverStats(packetsReceived, c.lost(), c.late(), c.duplicates(), c.droppedByCap(),
                    malformed, ignored, c.resets(), anyPacket ? OptionalLong.of(lastPacketNanos) : OptionalLong.empty());
        }
    }

    /** Whether an RTP packet of the stream arrived within {@code thresholdNanos} before {@code nowNanos}. */
    public boolean isReceiving(long nowNanos, long thresholdNanos) {
        synchronized (lock) {
            return anyPacket && nowNanos - lastPacketNanos < thresholdNanos;
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        if (receiverThread.isAlive() && Thread.currentThread() != receiverThread) {
            try {
                receiverThread.join(stopTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void receiveLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM_BYTES];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                datagram.setLength(buffer.length);
                socket.receive(datagram);
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    return;
                }
                // E.g. ICMP port unreachable reported on the socket: not ours to act on.
                continue;
            }
            // The jitter buffer keeps the packet's bytes, so each datagram gets its own array.
            byte[] data = Arrays.copyOfRange(buffer, datagram.getOffset(), datagram.getOffset() + datagram.getLength());
            accept(data, nanoTime.getAsLong());
        }
    }

    private void accept(byte[] data, long arrivalNanos) {
        if (RtpPacket.looksLikeRtcp(data, 0, data.length)) {
            synchronized (lock) {
                ignored++;
            }
            return;
        }
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(data, 0, data.length);
        } catch (MalformedRtpException e) {
            synchronized (lock) {
                malformed++;
            }
            return;
        }
        synchronized (lock) {
            if (jitterBuffer.offer(packet, arrivalNanos) == JitterBuffer.Offer.OTHER_PAYLOAD_TYPE) {
                ignored++;
                return;
            }
            packetsReceived++;
            lastPacketNanos = arrivalNanos;
            anyPacket = true;
        }
    }
}
