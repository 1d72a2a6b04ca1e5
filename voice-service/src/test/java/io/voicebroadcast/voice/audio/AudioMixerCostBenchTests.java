package io.voicebroadcast.voice.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A quick cost measurement, printed and not asserted (the numbers belong in bench/ and the README):
 * CPU of one 20 ms mixer tick with 2, 10 and 30 Opus sources (64 kb/s stereo, 20 ms packets) arriving
 * over loopback. The clock thread's share is read() (jitter buffer, Opus decoding, mixing, limiter);
 * the receiver threads' share is parsing and buffering.
 */
class AudioMixerCostBenchTests {

    private static final int WARM_UP_TICKS = 150;
    private static final int MEASURED_TICKS = 250;
    private static final long TICK_NANOS = AudioFormat.CHUNK_NANOS;

    @Test
    void printsCpuPerTick_for2_10_and30OpusSources() throws Exception {
        byte[][] frames = opusFrames(50);
        for (int sources : new int[] {2, 10, 30}) {
            measure(sources, frames);
        }
    }

    private static void measure(int sourceCount, byte[][] frames) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        RtpPayloadFormat opus = RtpPayloadFormat.of("opus", 111, 48_000, 2);
        List<RtpTestSender> senders = new ArrayList<>();
        try (AudioMixer mixer = new AudioMixer(AudioMixer.Settings.DEFAULTS, clock::get)) {
            for (int i = 0; i < sourceCount; i++) {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
                mixer.addSource("p" + i, socket, opus, loopback);
                senders.add(new RtpTestSender(loopback, socket.getLocalPort(), 111, 1000 + i));
            }
            short[] chunk = new short[AudioFormat.CHUNK_VALUES];
            long[] readCpu = new long[MEASURED_TICKS];
            long receiverCpuBefore = 0;
            long sent = 0;
            for (int tick = 0; tick < WARM_UP_TICKS + MEASURED_TICKS; tick++) {
                if (tick == WARM_UP_TICKS) {
                    receiverCpuBefore = receiverThreadsCpu(threads);
                }
                byte[] frame = frames[tick % frames.length];
                for (RtpTestSender sender : senders) {
                    sender.send(frame, AudioFormat.CHUNK_SAMPLES);
                }
                sent += sourceCount;
                long expected = sent;
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() ->
                        mixer.sources().stream().mapToLong(s -> s.stats().packetsReceived()).sum() >= expected);
                clock.addAndGet(TICK_NANOS);
                long before = threads.getCurrentThreadCpuTime();
                mixer.read(chunk);
                if (tick >= WARM_UP_TICKS) {
                    readCpu[tick - WARM_UP_TICKS] = threads.getCurrentThreadCpuTime() - before;
                }
            }
            long receiverCpu = receiverThreadsCpu(threads) - receiverCpuBefore;
            Arrays.sort(readCpu);
            double meanMicros = Arrays.stream(readCpu).average().orElse(0) / 1_000.0;
            double p99Micros = readCpu[(int) (readCpu.length * 0.99)] / 1_000.0;
            double receiverMicros = receiverCpu / 1_000.0 / MEASURED_TICKS;
            System.out.printf("mixer bench: %2d Opus sources: read() %7.1f us/tick (p99 %7.1f us) = %5.2f %% of a core;"
                            + " receiver threads %6.1f us/tick; total %5.2f %% of a core%n",
                    sourceCount, meanMicros, p99Micros, 100 * meanMicros * 1_000 / TICK_NANOS, receiverMicros,
                    100 * (meanMicros + receiverMicros) * 1_000 / TICK_NANOS);
        } finally {
            senders.forEach(RtpTestSender::close);
        }
    }

    private static long receiverThreadsCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("rtp-input-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** 20 ms Opus frames of a 440 Hz stereo tone at 64 kb/s, as RtpTone sends. */
    private static byte[][] opusFrames(int count) throws Exception {
        OpusEncoder encoder = new OpusEncoder(48_000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.setBitrate(64_000);
        short[] pcm = new short[AudioFormat.CHUNK_VALUES];
        byte[] packet = new byte[1_500];
        byte[][] frames = new byte[count][];
        for (int f = 0; f < count; f++) {
            for (int i = 0; i < AudioFormat.CHUNK_SAMPLES; i++) {
                short v = (short) (4096 * Math.sin(2 * Math.PI * 440 * (f * AudioFormat.CHUNK_SAMPLES + i) / 48_000.0));
                pcm[2 * i] = v;
                pcm[2 * i + 1] = v;
            }
            int length = encoder.encode(pcm, 0, AudioFormat.CHUNK_SAMPLES, packet, 0, packet.length);
            frames[f] = Arrays.copyOf(packet, length);
        }
        return frames;
    }
}
