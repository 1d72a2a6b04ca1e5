package io.voicebroadcast.voice.audio;

import io.voicebroadcast.testsupport.RtpPacketSender;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The mixer with synthetic RTP on real loopback sockets and a test clock: each tick sends one
 * packet per source, waits until it has arrived, moves the clock 20 ms and reads one chunk.
 * PCMU keeps the levels exact; Opus goes through the same path (see AudioMixerCostBenchTests).
 */
class AudioMixerTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final RtpPayloadFormat PCMU = RtpPayloadFormat.of("PCMU", 0, 8_000, 1);
    private static final long MS = 1_000_000L;
    /** Whole cycles in 20 ms, so each chunk can be measured alone. */
    private static final double LOW_HZ = 400;
    private static final double HIGH_HZ = 1_000;
    private static final double AMPLITUDE = 0.1;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(5);

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final AudioMixer mixer = new AudioMixer(AudioMixer.Settings.DEFAULTS, clock::get);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** The two tones' senders ({@link #addTwoTones()}): a (400 Hz) and b (1000 Hz). */
    private RtpPacketSender a;
    private RtpPacketSender b;

    @AfterEach
    void tearDown() throws Exception {
        mixer.close();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Packets on loopback arrive within microseconds: poll often, so the ticks run fast. */
    private static ConditionFactory arrival() {
        return await().atMost(ARRIVAL_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    private static DatagramSocket socket() throws IOException {
        return new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    }

    /** Adds a PCMU source fed by a sender on 127.0.0.1. */
    private RtpPacketSender addPcmuSource(String id) throws IOException {
        DatagramSocket socket = socket();
        mixer.addSource(id, socket, PCMU, LOOPBACK);
        RtpPacketSender sender = RtpPacketSender.pcmu(socket.getLocalPort(), id.hashCode());
        toClose.add(sender);
        return sender;
    }

    private long received(String id) {
        return mixer.source(id).orElseThrow().stats().packetsReceived();
    }

    private void sendAndAwait(String id, Runnable send) {
        long before = received(id);
        send.run();
        arrival().until(() -> received(id) > before);
    }

    private short[] read() {
        clock.addAndGet(20 * MS);
        short[] chunk = new short[AudioFormat.CHUNK_VALUES];
        mixer.read(chunk);
        return chunk;
    }

    /** Sources a and b, each fed by its sender. */
    private void addTwoTones() throws IOException {
        a = addPcmuSource("a");
        b = addPcmuSource("b");
    }

    /** {@code count} ticks of both tones, b sending in the ticks {@code bSends} accepts; the chunks read. */
    private List<short[]> ticks(int count, IntPredicate bSends) {
        List<short[]> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add(tickBoth(bSends.test(i)));
        }
        return chunks;
    }

    /** One tick of both tones: a (400 Hz) and b (1000 Hz). */
    private short[] tickBoth(boolean sendB) {
        sendAndAwait("a", () -> a.sendSine(LOW_HZ, AMPLITUDE));
        if (sendB) {
            sendAndAwait("b", () -> b.sendSine(HIGH_HZ, AMPLITUDE));
        } else {
            b.skip();
        }
        return read();
    }

    /** Amplitude of {@code hz} in the left channel of a chunk, 1.0 = full scale. */
    private static double amplitude(short[] chunk, double hz) {
        double[] left = new double[AudioFormat.CHUNK_SAMPLES];
        for (int i = 0; i < left.length; i++) {
            left[i] = chunk[2 * i] / 32768.0;
        }
        return Goertzel.amplitude(left, 0, left.length, hz, AudioFormat.SAMPLE_RATE);
    }

    @Test
    void twoTones_areSummed_eachAtItsOwnLevel() throws IOException {
        addTwoTones();

        List<short[]> chunks = ticks(20, i -> true);

        // Past the playout delay (40 ms) every chunk carries both tones at their sent level.
        for (short[] chunk : chunks.subList(5, chunks.size())) {
            assertThat(amplitude(chunk, LOW_HZ)).isCloseTo(AMPLITUDE, within(0.005));
            assertThat(amplitude(chunk, HIGH_HZ)).isCloseTo(AMPLITUDE, within(0.005));
        }
        assertThat(mixer.sources()).extracting(MixerSourceStatus::id).containsExactly("a", "b");
        // A sine of amplitude 0.1: RMS 0.0707, -23 dBFS.
        assertThat(mixer.source("a").orElseThrow().levelDbfs()).isCloseTo(-23.0, within(0.5));
    }

    @Test
    void loudSources_areLimited_underFullScale() throws IOException {
        addTwoTones();
        int peak = 0;

        for (int i = 0; i < 20; i++) {
            sendAndAwait("a", () -> a.sendSine(LOW_HZ, 0.95));
            sendAndAwait("b", () -> b.sendSine(HIGH_HZ, 0.95));
            for (short s : read()) {
                peak = Math.max(peak, Math.abs(s));
            }
        }

        assertThat(peak).isLessThan(32_767).isGreaterThan(25_000);
    }

    @Test
    void missingPacket_isSilenceForThatSourceOnly() throws IOException {
        addTwoTones();

        List<short[]> chunks = ticks(20, i -> i != 10);

        List<short[]> played = chunks.subList(5, chunks.size());
        assertThat(played).allSatisfy(chunk -> assertThat(amplitude(chunk, LOW_HZ)).isCloseTo(AMPLITUDE, within(0.005)));
        long withoutB = played.stream().filter(chunk -> amplitude(chunk, HIGH_HZ) < 0.001).count();
        assertThat(withoutB).as("chunks without b's tone").isEqualTo(1);
        assertThat(mixer.source("b").orElseThrow().stats().lost()).isEqualTo(1);
        assertThat(mixer.source("a").orElseThrow().stats().lost()).isZero();
    }

    @Test
    void sourceThatStops_leavesTheOthersPlaying() throws IOException {
        addTwoTones();
        ticks(10, i -> true);

        List<short[]> after = ticks(10, i -> false);

        assertThat(after.subList(3, after.size())).allSatisfy(chunk -> {
            assertThat(amplitude(chunk, LOW_HZ)).isCloseTo(AMPLITUDE, within(0.005));
            assertThat(amplitude(chunk, HIGH_HZ)).isLessThan(0.001);
        });
    }

    @Test
    void jitterBuffer_isCapped_perSource() throws IOException {
        RtpPacketSender burst = addPcmuSource("burst");

        for (int i = 0; i < 30; i++) {
            burst.sendSine(LOW_HZ, AMPLITUDE);
        }
        arrival().until(() -> received("burst") == 30);

        RtpStreamStats stats = mixer.source("burst").orElseThrow().stats();
        // 200 ms capacity: at most 10 packets of 20 ms are kept, the oldest are dropped.
        assertThat(stats.droppedByCap()).isGreaterThanOrEqualTo(20);
        int playable = 0;
        for (int i = 0; i < 30; i++) {
            short[] chunk = read();
            if (amplitude(chunk, LOW_HZ) > AMPLITUDE / 2) {
                playable++;
            }
        }
        assertThat(playable).as("chunks of audio left to play").isBetween(9, 10);
    }

    @Test
    void gain_scalesOneSource_andExclusion_removesItFromTheMix_butKeepsItsLevel() throws IOException {
        addTwoTones();
        ticks(15, i -> true); // long enough for the 200 ms level window to hold only audio

        assertThat(mixer.setGain("a", 0.5)).isTrue();
        assertThat(mixer.setGainDb("b", -12.0)).isTrue();
        tickBoth(true); // the ramp
        short[] scaled = tickBoth(true);
        assertThat(amplitude(scaled, LOW_HZ)).isCloseTo(AMPLITUDE * 0.5, within(0.003));
        assertThat(amplitude(scaled, HIGH_HZ)).isCloseTo(AMPLITUDE * 0.251, within(0.003));

        assertThat(mixer.setExcluded("a", true)).isTrue();
        tickBoth(true);
        short[] excluded = tickBoth(true);
        assertThat(amplitude(excluded, LOW_HZ)).isLessThan(0.001);
        assertThat(amplitude(excluded, HIGH_HZ)).isCloseTo(AMPLITUDE * 0.251, within(0.003));
        MixerSourceStatus status = mixer.source("a").orElseThrow();
        assertThat(status.excluded()).isTrue();
        assertThat(status.gain()).isEqualTo(0.5);
        assertThat(status.levelDbfs()).as("still decoded and metered").isCloseTo(-23.0, within(0.5));

        assertThat(mixer.setGain("nobody", 1.0)).isFalse();
        assertThat(mixer.setExcluded("nobody", true)).isFalse();
        assertThatThrownBy(() -> mixer.setGain("a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mixer.setGainDb("a", 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void packetsFromAnUnexpectedAddress_areDropped_andCounted() throws IOException {
        DatagramSocket socket = socket();
        mixer.addSource("a", socket, PCMU, LOOPBACK);
        // 127.0.0.2 is loopback too on Linux: a second host on the same machine.
        InetAddress stranger = InetAddress.getByName("127.0.0.2");
        try (RtpPacketSender intruder = new RtpPacketSender(stranger, socket.getLocalPort(), 0, 99);
             RtpPacketSender rtpengine = RtpPacketSender.pcmu(socket.getLocalPort(), 1)) {
            for (int i = 0; i < 5; i++) {
                intruder.sendSine(HIGH_HZ, 0.5);
            }
            rtpengine.sendSine(LOW_HZ, AMPLITUDE);

            arrival().untilAsserted(() -> {
                RtpStreamStats stats = mixer.source("a").orElseThrow().stats();
                assertThat(stats.droppedUnexpectedSender()).isEqualTo(5);
                assertThat(stats.packetsReceived()).isEqualTo(1);
            });
        }
    }

    @Test
    void totals_countEverySource_andKeepTheCountsOfOneThatLeft() throws IOException {
        addTwoTones();
        ticks(5, i -> true);
        b.skip();
        b.skip();
        sendAndAwait("b", () -> b.sendSine(HIGH_HZ, AMPLITUDE));
        for (int i = 0; i < 4; i++) {
            read();
        }
        RtpTotals before = mixer.totals();
        assertThat(before.sources()).isEqualTo(2);
        assertThat(before.packetsReceived()).isEqualTo(11);
        assertThat(before.lost()).as("b's two skipped packets").isEqualTo(2);

        mixer.removeSource("b");

        RtpTotals after = mixer.totals();
        assertThat(after.sources()).isEqualTo(1);
        assertThat(after.packetsReceived()).isEqualTo(before.packetsReceived());
        assertThat(after.lost()).isGreaterThanOrEqualTo(before.lost());
    }

    @Test
    void noSources_readGivesSilence_andFalse() {
        short[] chunk = new short[AudioFormat.CHUNK_VALUES];
        Arrays.fill(chunk, (short) 7);

        assertThat(mixer.read(chunk)).isFalse();
        assertThat(chunk).containsOnly((short) 0);
        assertThatThrownBy(() -> mixer.read(new short[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addingAnExistingId_isRefused_andRemovingClosesTheSocket() throws IOException {
        DatagramSocket first = socket();
        mixer.addSource("a", first, PCMU, LOOPBACK);
        DatagramSocket second = socket();

        assertThatThrownBy(() -> mixer.addSource("a", second, PCMU, LOOPBACK)).hasMessageContaining("already mixed");
        assertThat(second.isClosed()).as("the refused socket is not leaked").isTrue();
        assertThat(mixer.removeSource("a")).isTrue();
        assertThat(first.isClosed()).isTrue();
        assertThat(mixer.removeSource("a")).isFalse();
    }

    @Test
    void addAndRemove_whileTheClockReads_isSafe() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread clockThread = new Thread(() -> {
            short[] chunk = new short[AudioFormat.CHUNK_VALUES];
            while (running.get()) {
                try {
                    mixer.read(chunk);
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }, "test-clock");
        clockThread.start();
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int round = 0; round < 50; round++) {
                for (int k = 0; k < 4; k++) {
                    DatagramSocket s = socket();
                    sockets.add(s);
                    mixer.addSource("s" + round + "-" + k, s, PCMU, LOOPBACK);
                    RtpPacketSender sender = RtpPacketSender.pcmu(s.getLocalPort(), k);
                    toClose.add(sender);
                    sender.sendSine(LOW_HZ, 0.2);
                }
                for (int k = 0; k < 4; k += 2) {
                    mixer.removeSource("s" + round + "-" + k);
                }
            }
            arrival().until(() -> reads.get() > 1_000);
        } finally {
            running.set(false);
            clockThread.join(ARRIVAL_TIMEOUT.toMillis());
        }

        assertThat(failures).isEmpty();
        assertThat(mixer.sourceCount()).isEqualTo(100);
        mixer.close();
        assertThat(sockets).allSatisfy(s -> assertThat(s.isClosed()).isTrue());
        assertThat(mixer.sourceCount()).isZero();
    }
}
