package io.voicebroadcast.voice.audio;

import io.voicebroadcast.testsupport.Cleanup;
import io.voicebroadcast.testsupport.RtpTone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * End to end on 127.0.0.1: real FFmpeg sends a sine tone as RTP, the receiver decodes it, and a
 * 20 ms test clock reads it like the frame clock will.
 */
class RtpAudioReceiverFfmpegTests {

    /** FFmpeg's sine source has amplitude 1/8: -21.1 dBFS RMS. */
    private static final double SINE_DBFS = 20 * Math.log10(0.125 / Math.sqrt(2));
    /** 100 ms blocks: a whole number of cycles for 440 Hz and 1000 Hz. */
    private static final int BLOCK = 4_800;
    private static final int RECORDED_CHUNKS = 100;
    /** Reads skipped at the start: playout delay and the codec's start-up. */
    private static final int SKIPPED_CHUNKS = 10;

    private static final UdpPortAllocator PORTS = new UdpPortAllocator(InetAddress.getLoopbackAddress(), 42_400, 42_499);

    private final Cleanup toClose = new Cleanup();

    @AfterEach
    void cleanUp() throws Exception {
        // Reverse order: clock first, then the sender, then the receiver and its socket.
        toClose.close();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        return toClose.add(resource);
    }

    @Test
    void opusTone_arrivesAsAClean440HzTone_thenSilenceWhenTheSenderStops() throws Exception {
        receiveToneAndItsEnd(RtpPayloadFormat.of("opus", 111, 48_000, 2), 440, RtpTone.Codec.OPUS);
    }

    @Test
    void pcmuTone_arrivesAsAClean1000HzTone_upsampledTo48k_thenSilenceWhenTheSenderStops() throws Exception {
        receiveToneAndItsEnd(RtpPayloadFormat.of("PCMU", 0, 8_000, 1), 1000, RtpTone.Codec.PCMU);
    }

    private void receiveToneAndItsEnd(RtpPayloadFormat format, int frequency, RtpTone.Codec codec) throws Exception {
        RtpAudioReceiver receiver = closeLater(new RtpAudioReceiver(PORTS.allocate(), format,
                JitterBuffer.Settings.DEFAULTS, System::nanoTime, Duration.ofSeconds(2)).start());
        RtpTone sender = closeLater(RtpTone.start(receiver.localPort(), frequency, codec));
        await().atMost(Duration.ofSeconds(10))
                .failFast("sender died", () -> !sender.isAlive())
                .until(() -> receiver.isReceiving(System.nanoTime(), Duration.ofMillis(200).toNanos()));

        FrameClockRecorder clock = closeLater(FrameClockRecorder.start(receiver));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.count() >= RECORDED_CHUNKS);

        List<FrameClockRecorder.Read> tone = clock.reads().subList(SKIPPED_CHUNKS, RECORDED_CHUNKS);
        long realReads = tone.stream().filter(FrameClockRecorder.Read::real).count();
        assertThat(realReads).as("reads with audio while the tone plays").isGreaterThanOrEqualTo(tone.size() * 95L / 100);

        double[] left = clock.leftChannel(SKIPPED_CHUNKS, RECORDED_CHUNKS);
        double level = 10 * Math.log10(Goertzel.meanSquare(left, 0, left.length) / (32768.0 * 32768.0));
        assertThat(level).as("RMS level, dBFS").isCloseTo(SINE_DBFS, within(3.0));
        int blocks = left.length / BLOCK;
        double toneShare = 0;
        double worstOtherDb = -200;
        for (int b = 0; b < blocks; b++) {
            double amplitude = Goertzel.amplitude(left, b * BLOCK, BLOCK, frequency, 48_000);
            toneShare += (amplitude * amplitude / 2) / Goertzel.meanSquare(left, b * BLOCK, BLOCK) / blocks;
            for (int other : new int[] {300, 700, 1500, 2500, 5000}) {
                double otherAmplitude = Goertzel.amplitude(left, b * BLOCK, BLOCK, other, 48_000);
                worstOtherDb = Math.max(worstOtherDb, 20 * Math.log10(otherAmplitude / amplitude));
            }
        }
        System.out.printf("%s %d Hz: level %.1f dBFS, tone share %.3f, worst other bin %.1f dB, %s%n",
                format.codec(), frequency, level, toneShare, worstOtherDb, readCost(tone));
        assertThat(toneShare).as("share of the energy at %d Hz", frequency).isGreaterThan(0.9);
        assertThat(worstOtherDb).as("strongest other frequency relative to the tone, dB").isLessThan(-30);

        sender.close();
        int stoppedAt = clock.count();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            List<FrameClockRecorder.Read> reads = clock.reads();
            return reads.size() >= stoppedAt + 10 && reads.subList(reads.size() - 10, reads.size()).stream()
                    .allMatch(r -> !r.real() && isSilent(r.chunk()));
        });
        long slowest = clock.reads().stream().mapToLong(FrameClockRecorder.Read::durationNanos).max().orElseThrow();
        // read() never waits for the network: a read that blocked would take a packet interval or
        // more each time. (How fast it is belongs in a benchmark, not here: this machine is shared.)
        assertThat(Duration.ofNanos(slowest)).as("slowest read").isLessThan(Duration.ofMillis(250));
        RtpReceiverStats stats = receiver.stats();
        assertThat(stats.malformed()).isZero();
        assertThat(stats.lost()).as("loss on loopback").isLessThanOrEqualTo(Math.max(1, stats.packetsReceived() / 50));
        System.out.println(stats);
    }

    private static boolean isSilent(short[] chunk) {
        for (short s : chunk) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }

    private static String readCost(List<FrameClockRecorder.Read> reads) {
        double mean = reads.stream().mapToLong(FrameClockRecorder.Read::durationNanos).average().orElse(0) / 1_000;
        long max = reads.stream().mapToLong(FrameClockRecorder.Read::durationNanos).max().orElse(0) / 1_000;
        return String.format("read() incl. decode: mean %.0f us, max %d us", mean, max);
    }
}
