package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JitterBufferTests {

    private static final int PT = 111;
    private static final long SSRC = 0xCAFEL;
    private static final long MS = 1_000_000L;
    /** 20 ms of Opus in RTP timestamp units (48 kHz clock). */
    private static final int TS_STEP = 960;
    private static final RtpPayloadFormat OPUS = RtpPayloadFormat.of("opus", PT, 48_000, 2);

    /**
     * Decodes a payload to {@code samples} stereo samples all equal to the payload's first byte
     * (the test's packet label); concealment is filled with -1.
     */
    static final class LabelDecoder implements PayloadDecoder {
        final List<Integer> concealed = new ArrayList<>();
        int resets;
        int samples = 960;

        @Override
        public short[] decode(byte[] data, int offset, int length) {
            if (length == 0) {
                throw new IllegalArgumentException("empty");
            }
            short[] out = new short[samples * 2];
            java.util.Arrays.fill(out, data[offset]);
            return out;
        }

        @Override
        public short[] concealLoss(int samples) {
            concealed.add(samples);
            short[] out = new short[samples * 2];
            java.util.Arrays.fill(out, (short) -1);
            return out;
        }

        @Override
        public void reset() {
            resets++;
        }
    }

    private LabelDecoder decoder;
    private JitterBuffer buffer;
    private long now;

    @BeforeEach
    void setUp() {
        decoder = new LabelDecoder();
        buffer = new JitterBuffer(OPUS, decoder, JitterBuffer.Settings.DEFAULTS);
        now = 1_000 * MS;
    }

    private static RtpPacket packet(int sequence, int label) {
        return packet(sequence, label, SSRC);
    }

    private static RtpPacket packet(int sequence, int label, long ssrc) {
        return TestRtp.packet(PT, sequence & 0xFFFF, (long) sequence * TS_STEP & 0xFFFF_FFFFL, ssrc, new byte[] {(byte) label});
    }

    private JitterBuffer.Offer offer(RtpPacket packet) {
        return buffer.offer(packet, now);
    }

    /** The label of the next played packet, -1 for concealment, or null when nothing is due. */
    private Integer playNext() {
        short[] pcm = buffer.poll(now);
        return pcm == null ? null : (int) pcm[0];
    }

    /** Passes the playout delay. */
    private void waitOutPlayoutDelay() {
        now += 40 * MS;
    }

    @Test
    void firstPacket_isHeldForThePlayoutDelay_thenPlayed() {
        offer(packet(100, 1));

        now += 39 * MS;
        assertThat(playNext()).isNull();
        now += 1 * MS;
        assertThat(playNext()).isEqualTo(1);
        assertThat(buffer.isPlaying()).isTrue();
    }

    @Test
    void reorderedPackets_playInSequenceOrder() {
        offer(packet(102, 3));
        offer(packet(100, 1));
        offer(packet(101, 2));
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext(), playNext())).containsExactly(1, 2, 3);
        assertThat(buffer.counters()).isEqualTo(new JitterBuffer.Counters(0, 0, 0, 0, 0));
    }

    @Test
    void sequenceWraparound_keepsOrder() {
        offer(packet(65534, 1));
        offer(packet(65536, 3));
        offer(packet(65535, 2));
        offer(packet(65537, 4));
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext(), playNext(), playNext())).containsExactly(1, 2, 3, 4);
        assertThat(buffer.counters().lost()).isZero();
    }

    @Test
    void missingPacket_playsConcealment_andCountsLoss() {
        offer(packet(10, 1));
        offer(packet(12, 3));
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext(), playNext())).containsExactly(1, -1, 3);
        assertThat(decoder.concealed).containsExactly(960);
        assertThat(buffer.counters().lost()).isEqualTo(1);
    }

    @Test
    void concealment_lastsAsLongAsTheLastPacket() {
        decoder.samples = 480;
        offer(packet(10, 1));
        offer(packet(12, 3));
        waitOutPlayoutDelay();

        playNext();
        playNext();

        assertThat(decoder.concealed).containsExactly(480);
    }

    @Test
    void duplicatePacket_isDropped_andCounted() {
        offer(packet(10, 1));
        assertThat(offer(packet(10, 9))).isEqualTo(JitterBuffer.Offer.DUPLICATE);
        offer(packet(11, 2));
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext())).containsExactly(1, 2);
        assertThat(buffer.counters().duplicates()).isEqualTo(1);
    }

    @Test
    void packetArrivingAfterItsTurn_isLate_droppedAndCounted() {
        offer(packet(10, 1));
        offer(packet(12, 3));
        waitOutPlayoutDelay();
        playNext();
        playNext(); // 11 concealed

        assertThat(offer(packet(11, 2))).isEqualTo(JitterBuffer.Offer.LATE);
        assertThat(offer(packet(10, 1))).isEqualTo(JitterBuffer.Offer.LATE);
        assertThat(playNext()).isEqualTo(3);
        assertThat(buffer.counters().late()).isEqualTo(2);
        assertThat(buffer.counters().lost()).isEqualTo(1);
    }

    @Test
    void beforeTheFirstPlayout_anEarlierPacketIsNotLate() {
        offer(packet(11, 2));
        assertThat(offer(packet(10, 1))).isEqualTo(JitterBuffer.Offer.BUFFERED);
        waitOutPlayoutDelay();

        assertThat(playNext()).isEqualTo(1);
    }

    @Test
    void moreThanTheCapacity_dropsTheOldest_andCountsThem() {
        // A burst of 15 packets (300 ms); the cap of 200 ms keeps the newest 10.
        for (int i = 0; i < 15; i++) {
            offer(packet(i, i));
        }
        waitOutPlayoutDelay();

        assertThat(buffer.bufferedPackets()).isEqualTo(10);
        assertThat(buffer.counters().droppedByCap()).isEqualTo(5);
        assertThat(playNext()).isEqualTo(5);
        assertThat(buffer.counters().lost()).isZero();
    }

    @Test
    void capacity_isASetting() {
        buffer = new JitterBuffer(OPUS, decoder,
                new JitterBuffer.Settings(Duration.ofMillis(20), Duration.ofMillis(60), 50));
        for (int i = 0; i < 5; i++) {
            offer(packet(i, i));
        }

        assertThat(buffer.bufferedPackets()).isEqualTo(3);
        assertThat(buffer.counters().droppedByCap()).isEqualTo(2);
    }

    @Test
    void runningDry_returnsNothing_thenBuffersForThePlayoutDelayAgain() {
        offer(packet(10, 1));
        waitOutPlayoutDelay();
        assertThat(playNext()).isEqualTo(1);

        assertThat(playNext()).as("underrun").isNull();
        assertThat(buffer.isPlaying()).isFalse();

        now += 100 * MS;
        offer(packet(11, 2));
        now += 20 * MS;
        assertThat(playNext()).as("within the playout delay").isNull();
        now += 20 * MS;
        assertThat(playNext()).isEqualTo(2);
        assertThat(buffer.counters().lost()).isZero();
    }

    @Test
    void packetsThatNeverCameWhileDry_countAsLost_withoutConcealingThem() {
        offer(packet(10, 1));
        waitOutPlayoutDelay();
        playNext();
        playNext(); // dry

        offer(packet(15, 6));
        waitOutPlayoutDelay();

        assertThat(playNext()).isEqualTo(6);
        assertThat(buffer.counters().lost()).isEqualTo(4);
        assertThat(decoder.concealed).isEmpty();
    }

    @Test
    void newSsrc_resetsTheBufferAndTheDecoder() {
        offer(packet(10, 1));
        offer(packet(11, 2));

        assertThat(offer(packet(5000, 7, 0xBEEFL))).isEqualTo(JitterBuffer.Offer.NEW_STREAM);
        waitOutPlayoutDelay();

        assertThat(playNext()).isEqualTo(7);
        assertThat(playNext()).isNull();
        assertThat(decoder.resets).isEqualTo(1);
        assertThat(buffer.counters().resets()).isEqualTo(1);
        assertThat(buffer.counters().lost()).isZero();
    }

    @Test
    void newSsrc_startsWithThePlayoutDelayAgain() {
        offer(packet(10, 1));
        waitOutPlayoutDelay();
        playNext();

        offer(packet(20, 7, 0xBEEFL));
        assertThat(playNext()).isNull();
        waitOutPlayoutDelay();
        assertThat(playNext()).isEqualTo(7);
    }

    @Test
    void largeSequenceJump_confirmedByTheNextPacket_startsANewStream() {
        offer(packet(10, 1));
        waitOutPlayoutDelay();
        playNext();

        assertThat(offer(packet(30_000, 7))).isEqualTo(JitterBuffer.Offer.UNCONFIRMED_JUMP);
        assertThat(offer(packet(30_001, 8))).isEqualTo(JitterBuffer.Offer.NEW_STREAM);
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext())).containsExactly(7, 8);
        assertThat(buffer.counters().resets()).isEqualTo(1);
        assertThat(buffer.counters().lost()).isZero();
    }

    @Test
    void oneStrayPacketFarFromTheSequence_doesNotDisturbTheStream() {
        offer(packet(10, 1));
        assertThat(offer(packet(9_000, 9))).isEqualTo(JitterBuffer.Offer.UNCONFIRMED_JUMP);
        assertThat(offer(packet(11, 2))).isEqualTo(JitterBuffer.Offer.BUFFERED);
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext())).containsExactly(1, 2);
        assertThat(playNext()).isNull();
        assertThat(buffer.counters().resets()).isZero();
    }

    @Test
    void otherPayloadType_isIgnored() {
        RtpPacket comfortNoise = TestRtp.packet(13, 10, 0, SSRC, new byte[] {5});

        assertThat(offer(comfortNoise)).isEqualTo(JitterBuffer.Offer.OTHER_PAYLOAD_TYPE);
        assertThat(buffer.bufferedPackets()).isZero();
    }

    @Test
    void undecodablePayload_isConcealed_andCountedAsLost() {
        offer(packet(10, 1));
        offer(TestRtp.packet(PT, 11, 11 * TS_STEP, SSRC, new byte[0]));
        waitOutPlayoutDelay();

        assertThat(List.of(playNext(), playNext())).containsExactly(1, -1);
        assertThat(buffer.counters().lost()).isEqualTo(1);
    }

    @Test
    void steadyStream_withJitterBelowThePlayoutDelay_playsEveryPacketInTime() {
        // Packets every 20 ms, each up to 30 ms late; the consumer pulls every 20 ms.
        int[] jitterMs = {0, 30, 5, 25, 0, 10, 30, 0, 15, 20};
        List<long[]> arrivals = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            arrivals.add(new long[] {i * 20L + jitterMs[i % jitterMs.length], i});
        }
        arrivals.sort((a, b) -> Long.compare(a[0], b[0]));
        long start = now;
        List<Integer> played = new ArrayList<>();
        int next = 0;
        for (long t = 0; t <= 1_200; t++) {
            now = start + t * MS;
            while (next < arrivals.size() && arrivals.get(next)[0] == t) {
                offer(packet((int) arrivals.get(next)[1], (int) arrivals.get(next)[1]));
                next++;
            }
            if (t % 20 == 10) {
                Integer label = playNext();
                if (label != null) {
                    played.add(label);
                }
            }
        }

        assertThat(played).hasSize(50).isSorted();
        assertThat(buffer.counters()).isEqualTo(new JitterBuffer.Counters(0, 0, 0, 0, 0));
    }
}
