package io.voicebroadcast.voice.audio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Test support: an FFmpeg process sending a sine tone as RTP to 127.0.0.1. Owns the process:
 * stdout (the SDP) discarded, stderr drained into a bounded tail, the whole tree killed on close.
 */
final class RtpToneSender implements AutoCloseable {

    private static final int STDERR_TAIL_LINES = 20;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final Process process;
    private final ConcurrentLinkedDeque<String> stderrTail = new ConcurrentLinkedDeque<>();

    private RtpToneSender(List<String> argv) throws IOException {
        process = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderrTail.addLast(line);
                    while (stderrTail.size() > STDERR_TAIL_LINES) {
                        stderrTail.pollFirst();
                    }
                }
            } catch (IOException e) {
                // Process gone.
            }
        }, "rtp-tone-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    /** {@code codecArgs} e.g. {@code -c:a libopus -payload_type 111}. */
    static RtpToneSender start(int frequency, List<String> codecArgs, int port) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-re", "-f", "lavfi", "-i", "sine=frequency=" + frequency + ":sample_rate=48000"));
        argv.addAll(codecArgs);
        argv.addAll(List.of("-f", "rtp", "rtp://127.0.0.1:" + port));
        return new RtpToneSender(argv);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderrTail() {
        return String.join("\n", stderrTail);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
