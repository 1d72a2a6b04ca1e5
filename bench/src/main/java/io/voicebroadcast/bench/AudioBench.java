package io.voicebroadcast.bench;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.voicebroadcast.testsupport.RtpPacketSender;
import io.voicebroadcast.voice.audio.AudioFormat;
import io.voicebroadcast.voice.audio.AudioMixer;
import io.voicebroadcast.voice.audio.RtpPayloadFormat;
import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.SourceCascade;
import io.voicebroadcast.voice.pipeline.StillSource;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The RTPEngine audio path, in this JVM with our classes: the CPU of mixing 2, 10 and 30 Opus
 * participants (each RTP stream on its own socket, decoded, mixed, limited), and the latency our
 * service adds from a packet's arrival to its PCM leaving the frame clock for the encoder.
 */
final class AudioBench {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final RtpPayloadFormat OPUS = RtpPayloadFormat.of("opus", 111, 48_000, 2);
    private static final RtpPayloadFormat PCMU = RtpPayloadFormat.of("PCMU", 0, 8_000, 1);
    private static final long TICK = AudioFormat.CHUNK_NANOS;
    private static final int BURST_EVERY = 25;

    private AudioBench() {
    }

    static void run(Table table, boolean quick) throws Exception {
        byte[][] frames = opusFrames(50, 440, 0.125);
        for (int sources : new int[] {2, 10, 30}) {
            double percent = mixingCpu(sources, frames, quick ? 150 : 500);
            table.add(new Table.Row("RTPEngine audio", "CPU of mixing " + sources + " Opus participants (receive, decode, mix, limit)",
                    percent, Double.NaN, "% of a core", sources == 10 ? "≤ 10 %" : "", sources == 10 ? percent <= 10 : null,
                    "no baseline: FFmpeg's amix stalls on a silent input"));
        }
        for (RtpPayloadFormat format : List.of(OPUS, PCMU)) {
            List<Double> latency = latency(format, quick ? 10 : 30);
            String n = latency.size() + " bursts, 20 ms packets, 40 ms jitter buffer";
            table.add(new Table.Row("RTPEngine audio", "latency added, packet arrival → PCM to the encoder, " + format.codec().name()
                    + ", median", Stats.median(latency), Double.NaN, "ms", "≤ 60 ms", Stats.median(latency) <= 60, n));
            table.add(new Table.Row("RTPEngine audio", "latency added, packet arrival → PCM to the encoder, " + format.codec().name()
                    + ", p95", Stats.p95(latency), Double.NaN, "ms", "≤ 60 ms", Stats.p95(latency) <= 60, n));
        }
    }

    // ------------------------------------------------------------------ mixing CPU

    /**
     * Packets of every source arrive in real time (one per 20 ms); the clock thread reads the mix
     * every 20 ms. CPU = the clock thread's read() plus the receiver threads, per tick, as a share
     * of the tick.
     */
    private static double mixingCpu(int sourceCount, byte[][] frames, int measuredTicks) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warmUp = 100;
        List<RtpPacketSender> senders = new ArrayList<>();
        try (AudioMixer mixer = new AudioMixer(AudioMixer.Settings.DEFAULTS, System::nanoTime)) {
            for (int i = 0; i < sourceCount; i++) {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                mixer.addSource("p" + i, socket, OPUS, LOOPBACK);
                senders.add(new RtpPacketSender(LOOPBACK, socket.getLocalPort(), 111, 1000 + i));
            }
            short[] chunk = new short[AudioFormat.CHUNK_VALUES];
            long readCpu = 0;
            long receiverBefore = 0;
            long next = System.nanoTime();
            for (int tick = 0; tick < warmUp + measuredTicks; tick++) {
                if (tick == warmUp) {
                    receiverBefore = receiverThreadsCpu(threads);
                }
                byte[] frame = frames[tick % frames.length];
                for (RtpPacketSender s : senders) {
                    s.send(frame, 960);
                }
                next += TICK;
                Bench.sleepUntil(next);
                long before = threads.getCurrentThreadCpuTime();
                mixer.read(chunk);
                if (tick >= warmUp) {
                    readCpu += threads.getCurrentThreadCpuTime() - before;
                }
            }
            long receiverCpu = receiverThreadsCpu(threads) - receiverBefore;
            double percent = 100.0 * (readCpu + receiverCpu) / measuredTicks / TICK;
            Rig.log(String.format("mixing %d Opus sources: read() %.1f us/tick, receivers %.1f us/tick: %.2f %% of a core",
                    sourceCount, readCpu / 1e3 / measuredTicks, receiverCpu / 1e3 / measuredTicks, percent));
            return percent;
        } finally {
            senders.forEach(RtpPacketSender::close);
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

    // ------------------------------------------------------------------ latency

    /**
     * A participant sends 20 ms packets in real time: silence, and every 500 ms one packet of a
     * loud tone. The real frame clock (with a black picture) reads the mixer every 20 ms and hands
     * each chunk on; the latency of a burst is from the moment its packet was sent (on loopback it
     * arrives within microseconds) to the moment the first chunk carrying it is handed on.
     */
    private static List<Double> latency(RtpPayloadFormat format, int seconds) throws Exception {
        boolean opus = format == OPUS;
        // One cycle of 25 packets (500 ms): 24 of silence, then one of a loud tone, encoded as one
        // stream (the second of two cycles, so the encoder is settled).
        byte[][] cycle = new byte[BURST_EVERY][];
        if (opus) {
            byte[][] two = burstCycles(2);
            System.arraycopy(two, BURST_EVERY, cycle, 0, BURST_EVERY);
        } else {
            for (int i = 0; i < BURST_EVERY; i++) {
                cycle[i] = RtpPacketSender.pcmuSine(1000, i == BURST_EVERY - 1 ? 0.5 : 0, 0);
            }
        }
        int samplesPerPacket = opus ? 960 : 160;
        ConcurrentLinkedDeque<Long> sent = new ConcurrentLinkedDeque<>();
        List<Double> latencies = new ArrayList<>();
        VideoFormat video = new VideoFormat(320, 180, 30);
        FrameClock.Output output = new FrameClock.Output() {
            private boolean wasLoud;

            @Override
            public void video(byte[] frame) {
            }

            @Override
            public void audio(short[] chunk) {
                long now = System.nanoTime();
                int peak = 0;
                for (short s : chunk) {
                    peak = Math.max(peak, Math.abs(s));
                }
                boolean isLoud = peak > 4000;
                if (isLoud && !wasLoud) {
                    Long t = sent.pollFirst();
                    if (t != null && t > 0) {
                        synchronized (latencies) {
                            latencies.add((now - t) / 1e6);
                        }
                    }
                }
                wasLoud = isLoud;
            }
        };
        try (AudioMixer mixer = new AudioMixer(AudioMixer.Settings.DEFAULTS, System::nanoTime)) {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            mixer.addSource("p", socket, format, LOOPBACK);
            SourceCascade cascade = new SourceCascade(StillSource.black(video), s -> { });
            try (RtpPacketSender sender = new RtpPacketSender(LOOPBACK, socket.getLocalPort(), format.payloadType(), 7);
                 FrameClock clock = new FrameClock("bench", video, cascade, mixer, output, System::nanoTime, (a, b) -> { }).start()) {
                long next = System.nanoTime();
                int packets = seconds * 50;
                for (int i = 0; i < packets; i++) {
                    next += TICK;
                    Bench.sleepUntil(next);
                    boolean burst = i % BURST_EVERY == BURST_EVERY - 1;
                    if (burst && i > 2 * BURST_EVERY) {
                        sent.addLast(System.nanoTime());
                    } else if (burst) {
                        sent.addLast(-1L); // the first bursts settle the jitter buffer; not counted
                    }
                    sender.send(cycle[i % BURST_EVERY], samplesPerPacket);
                }
                Bench.sleep(300);
            }
        }
        synchronized (latencies) {
            Rig.log(String.format("audio latency %s: median %.1f ms, p95 %.1f ms over %d bursts", format.codec().name(),
                    Stats.median(latencies), Stats.p95(latencies), latencies.size()));
            return List.copyOf(latencies);
        }
    }

    // ------------------------------------------------------------------ content

    /** 20 ms Opus frames (64 kb/s stereo) of a tone at {@code amplitude} of full scale. */
    private static byte[][] opusFrames(int count, double hz, double amplitude) throws Exception {
        OpusEncoder encoder = new OpusEncoder(48_000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.setBitrate(64_000);
        short[] pcm = new short[AudioFormat.CHUNK_VALUES];
        byte[] packet = new byte[1_500];
        byte[][] frames = new byte[count][];
        for (int f = 0; f < count; f++) {
            for (int i = 0; i < AudioFormat.CHUNK_SAMPLES; i++) {
                short v = (short) (32767 * amplitude * Math.sin(2 * Math.PI * hz * (f * AudioFormat.CHUNK_SAMPLES + i) / 48_000.0));
                pcm[2 * i] = v;
                pcm[2 * i + 1] = v;
            }
            int length = encoder.encode(pcm, 0, AudioFormat.CHUNK_SAMPLES, packet, 0, packet.length);
            frames[f] = Arrays.copyOf(packet, length);
        }
        return frames;
    }

    /** Cycles of {@link #BURST_EVERY} Opus frames, silence and then a loud 1 kHz tone, from one encoder. */
    private static byte[][] burstCycles(int cycles) throws Exception {
        OpusEncoder encoder = new OpusEncoder(48_000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.setBitrate(64_000);
        short[] pcm = new short[AudioFormat.CHUNK_VALUES];
        byte[] packet = new byte[1_500];
        byte[][] frames = new byte[cycles * BURST_EVERY][];
        for (int f = 0; f < frames.length; f++) {
            boolean loud = f % BURST_EVERY == BURST_EVERY - 1;
            for (int i = 0; i < AudioFormat.CHUNK_SAMPLES; i++) {
                short v = loud ? (short) (16384 * Math.sin(2 * Math.PI * 1000 * i / 48_000.0)) : 0;
                pcm[2 * i] = v;
                pcm[2 * i + 1] = v;
            }
            int length = encoder.encode(pcm, 0, AudioFormat.CHUNK_SAMPLES, packet, 0, packet.length);
            frames[f] = Arrays.copyOf(packet, length);
        }
        return frames;
    }
}
