package io.voicebroadcast.voice.audio;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Puts one RTP stream's packets back in sequence order and plays them out one packet per
 * {@link #poll(long)}, concealing the ones that never came.
 *
 * <ul>
 *   <li>Playout starts {@link Settings#playoutDelay()} after the first packet (and again after
 *       every underrun), so the buffer holds enough to absorb network jitter.</li>
 *   <li>Sequence numbers are 16 bits and wrap; they are extended to a long so ordering survives
 *       the wrap.</li>
 *   <li>A packet whose turn has passed is late; one already buffered is a duplicate. Both are
 *       dropped and counted.</li>
 *   <li>A missing packet at its turn is played as the decoder's loss concealment (silence for
 *       G.711) and counted as lost; so is a decode failure.</li>
 *   <li>More than {@link Settings#capacity()} of audio buffered: the oldest packets are dropped and
 *       counted, bounding the delay when the sender runs fast or arrives in a burst.</li>
 *   <li>A new SSRC starts a new stream at once. A sequence jump larger than
 *       {@link Settings#maxSequenceJump()} does so only when the next packet continues from it
 *       (as RFC 3550 A.1 does), so one stray packet cannot flush the buffer.</li>
 * </ul>
 *
 * <p>Pure logic on a caller-supplied clock; not thread-safe.
 */
public final class JitterBuffer {

    /**
     * @param playoutDelay    how long to buffer before playing, after the first packet or an underrun
     * @param capacity        most audio (by RTP timestamp span) kept; older packets beyond it are dropped
     * @param maxSequenceJump largest sequence step (in packets, either way) still taken as the same stream
     */
    public record Settings(Duration playoutDelay, Duration capacity, int maxSequenceJump) {

        public static final Settings DEFAULTS = new Settings(Duration.ofMillis(40), Duration.ofMillis(200), 50);

        public Settings {
            Objects.requireNonNull(playoutDelay, "playoutDelay");
            Objects.requireNonNull(capacity, "capacity");
            if (playoutDelay.isNegative() || capacity.compareTo(playoutDelay) <= 0) {
                throw new IllegalArgumentException("need 0 <= playoutDelay < capacity, got " + playoutDelay + " and " + capacity);
            }
            if (maxSequenceJump < 1 || maxSequenceJump > 30_000) {
                throw new IllegalArgumentException("maxSequenceJump must be 1..30000, got " + maxSequenceJump);
            }
        }
    }

    /** What {@link #offer} did with a packet. */
    public enum Offer {
        BUFFERED,
        /** The packet started a new stream (new SSRC or confirmed sequence jump): the buffer was reset. */
        NEW_STREAM,
        DUPLICATE,
        LATE,
        /** A large sequence jump, held until the next packet confirms it. */
        UNCONFIRMED_JUMP,
        /** Not this stream's payload type (e.g. comfort noise, DTMF events): ignored. */
        OTHER_PAYLOAD_TYPE
    }

    public record Counters(long lost, long late, long duplicates, long droppedByCap, long resets) {
    }

    private static final int DEFAULT_PACKET_SAMPLES = AudioFormat.CHUNK_SAMPLES;

    private final RtpPayloadFormat format;
    private final PayloadDecoder decoder;
    private final Settings settings;
    private final TreeMap<Long, RtpPacket> packets = new TreeMap<>();

    private boolean hasStream;
    private long ssrc;
    private int highestSequence;
    private long highestExtended;
    /** Extended sequence number of the next packet to play. */
    private long expected;
    private boolean anyPlayed;
    private boolean playing;
    private long bufferingSinceNanos;
    private RtpPacket pendingJump;
    private int lastPacketSamples = DEFAULT_PACKET_SAMPLES;

    private long lost;
    private long late;
    private long duplicates;
    private long droppedByCap;
    private long resets;

    public JitterBuffer(RtpPayloadFormat format, PayloadDecoder decoder, Settings settings) {
        this.format = Objects.requireNonNull(format, "format");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Takes a packet that arrived at {@code nowNanos}. The buffer keeps the packet (and its byte
     * array) until it is played or dropped.
     */
    public Offer offer(RtpPacket packet, long nowNanos) {
        if (packet.payloadType() != format.payloadType()) {
            return Offer.OTHER_PAYLOAD_TYPE;
        }
        if (!hasStream || packet.ssrc() != ssrc) {
            boolean reset = hasStream;
            startStream(packet, nowNanos);
            return reset ? Offer.NEW_STREAM : Offer.BUFFERED;
        }
        int delta = (short) (packet.sequenceNumber() - highestSequence);
        if (Math.abs(delta) > settings.maxSequenceJump()) {
            RtpPacket held = pendingJump;
            if (held != null && packet.sequenceNumber() == ((held.sequenceNumber() + 1) & 0xFFFF)) {
                startStream(held, nowNanos);
                insert(packet, highestExtended + 1, nowNanos);
                return Offer.NEW_STREAM;
            }
            pendingJump = packet;
            return Offer.UNCONFIRMED_JUMP;
        }
        pendingJump = null;
        long extended = highestExtended + delta;
        if (delta > 0) {
            highestExtended = extended;
            highestSequence = packet.sequenceNumber();
        }
        if (anyPlayed && extended < expected) {
            late++;
            return Offer.LATE;
        }
        if (packets.containsKey(extended)) {
            duplicates++;
            return Offer.DUPLICATE;
        }
        insert(packet, extended, nowNanos);
        return Offer.BUFFERED;
    }

    /**
     * The next packet's audio (48 kHz interleaved stereo), concealment for a missing one, or null
     * when nothing is due: still within the playout delay, or the buffer ran dry (an underrun,
     * after which it buffers again).
     */
    public short[] poll(long nowNanos) {
        if (!playing) {
            if (packets.isEmpty() || nowNanos - bufferingSinceNanos < settings.playoutDelay().toNanos()) {
                return null;
            }
            startPlaying();
        }
        if (packets.isEmpty()) {
            playing = false;
            return null;
        }
        anyPlayed = true;
        Map.Entry<Long, RtpPacket> head = packets.firstEntry();
        if (head.getKey() != expected) {
            // Its turn has come and it is not here, though later ones are: play it as lost.
            expected++;
            lost++;
            return decoder.concealLoss(lastPacketSamples);
        }
        packets.pollFirstEntry();
        expected++;
        RtpPacket packet = head.getValue();
        try {
            short[] pcm = decoder.decode(packet.data(), packet.payloadOffset(), packet.payloadLength());
            if (pcm.length > 0) {
                lastPacketSamples = pcm.length / AudioFormat.CHANNELS;
            }
            return pcm;
        } catch (IllegalArgumentException e) {
            lost++;
            return decoder.concealLoss(lastPacketSamples);
        }
    }

    public Counters counters() {
        return new Counters(lost, late, duplicates, droppedByCap, resets);
    }

    public int bufferedPackets() {
        return packets.size();
    }

    public boolean isPlaying() {
        return playing;
    }

    private void startStream(RtpPacket packet, long nowNanos) {
        if (hasStream) {
            resets++;
            decoder.reset();
        }
        hasStream = true;
        ssrc = packet.ssrc();
        packets.clear();
        pendingJump = null;
        playing = false;
        anyPlayed = false;
        lastPacketSamples = DEFAULT_PACKET_SAMPLES;
        highestSequence = packet.sequenceNumber();
        highestExtended = packet.sequenceNumber();
        expected = highestExtended;
        insert(packet, highestExtended, nowNanos);
    }

    private void insert(RtpPacket packet, long extended, long nowNanos) {
        if (extended > highestExtended) {
            highestExtended = extended;
            highestSequence = packet.sequenceNumber();
        }
        if (!playing && packets.isEmpty()) {
            bufferingSinceNanos = nowNanos;
        }
        packets.put(extended, packet);
        enforceCapacity();
    }

    private void startPlaying() {
        playing = true;
        long first = packets.firstKey();
        if (anyPlayed && first > expected) {
            // Packets that never came while the buffer was dry.
            lost += first - expected;
        }
        expected = first;
    }

    private void enforceCapacity() {
        long capacityUnits = settings.capacity().toNanos() * format.clockRate() / 1_000_000_000L;
        while (packets.size() > 1) {
            long span = (packets.lastEntry().getValue().timestamp() - packets.firstEntry().getValue().timestamp())
                    & 0xFFFF_FFFFL;
            if (span < capacityUnits || span > 0x7FFF_FFFFL) {
                return;
            }
            long dropped = packets.pollFirstEntry().getKey();
            droppedByCap++;
            expected = Math.max(expected, dropped + 1);
        }
    }
}
