package io.voicebroadcast.voice.audio;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * One RTP stream on its own UDP socket, read in 20 ms chunks: one participant's voice for the
 * mixer, or the whole room in the direct mode ({@link RtpAudioReceiver}). A receiver thread feeds a
 * {@link JitterBuffer}; {@link #read(short[])} decodes in playout order under a short lock and never
 * waits for the network. Datagrams from any address other than the expected sender's (RTPEngine's,
 * for a subscription) are dropped unread and counted.
 */
public final class RtpStreamInput implements AutoCloseable {

    /** Larger than any RTP packet on an Ethernet path, with room for jumbo frames. */
    private static final int MAX_DATAGRAM_BYTES = 9_000;
    private static final int FIFO_INITIAL_VALUES = 8 * AudioFormat.CHUNK_VALUES;

    private final DatagramSocket socket;
    private final InetAddress expectedSender;
    private final LongSupplier nanoTime;
    private final Duration stopTimeout;
    private final Object lock = new Object();
    private final JitterBuffer jitterBuffer;
    private final PcmFifo fifo = new PcmFifo(FIFO_INITIAL_VALUES);
    private final Thread receiverThread;

    // Guarded by lock.
    private long packetsReceived;
    private long droppedUnexpectedSender;
    private long malformed;
    private long ignored;
    private long lastPacketNanos;
    private boolean anyPacket;

    private volatile boolean closed;

    /**
     * @param socket         a bound socket; the input owns it from now on and closes it
     * @param expectedSender the only address whose datagrams are taken (any port: RTCP may come
     *                       from the next one); see {@link #fromAnySender} for the one case without
     * @param nanoTime       a monotonic clock, {@code System::nanoTime} in production
     * @param stopTimeout    how long {@link #close()} waits for the receiver thread to end
     */
    public RtpStreamInput(DatagramSocket socket, RtpPayloadFormat format, InetAddress expectedSender,
                          JitterBuffer.Settings settings, LongSupplier nanoTime, Duration stopTimeout) {
        this(Objects.requireNonNull(expectedSender, "expectedSender"), socket, format, settings, nanoTime, stopTimeout);
    }

    /**
     * A stream that takes datagrams from any address: the direct audio mode, where whatever mixes
     * the room sends to the port it was given and no subscription names the sender.
     */
    public static RtpStreamInput fromAnySender(DatagramSocket socket, RtpPayloadFormat format, JitterBuffer.Settings settings,
                                               LongSupplier nanoTime, Duration stopTimeout) {
        return new RtpStreamInput(null, socket, format, settings, nanoTime, stopTimeout);
    }

    /** {@code expectedSender} null: any sender. */
    private RtpStreamInput(InetAddress expectedSender, DatagramSocket socket, RtpPayloadFormat format,
                           JitterBuffer.Settings settings, LongSupplier nanoTime, Duration stopTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.expectedSender = expectedSender;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
        this.jitterBuffer = new JitterBuffer(format, format.newDecoder(), settings);
        this.receiverThread = new Thread(this::receiveLoop, "rtp-input-" + socket.getLocalPort());
        this.receiverThread.setDaemon(true);
    }

    /** Starts the receiver thread; returns this for chaining. */
    public RtpStreamInput start() {
        receiverThread.start();
        return this;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Fills {@code chunk} with the next 20 ms of this stream, or zeros as far as nothing is due.
     *
     * @return true when any real (or concealed) audio was delivered
     */
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

    public RtpStreamStats stats() {
        synchronized (lock) {
            JitterBuffer.Counters c = jitterBuffer.counters();
            return new RtpStreamStats(packetsReceived, c.lost(), c.late(), c.duplicates(), c.droppedByCap(),
                    droppedUnexpectedSender, malformed, ignored, c.resets(),
                    anyPacket ? OptionalLong.of(lastPacketNanos) : OptionalLong.empty());
        }
    }

    /** Packets waiting in the jitter buffer (bounded by its capacity). */
    public int bufferedPackets() {
        synchronized (lock) {
            return jitterBuffer.bufferedPackets();
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
            if (expectedSender != null && !expectedSender.equals(datagram.getAddress())) {
                synchronized (lock) {
                    droppedUnexpectedSender++;
                }
                continue;
            }
            // The jitter buffer keeps the packet's bytes, so each datagram gets its own array.
            byte[] data = Arrays.copyOfRange(buffer, datagram.getOffset(), datagram.getOffset() + datagram.getLength());
            accept(data, nanoTime.getAsLong());
        }
    }

    /** Takes one datagram from the expected sender; package-private so tests can feed it directly. */
    void accept(byte[] data, long arrivalNanos) {
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
