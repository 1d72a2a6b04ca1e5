package io.voicebroadcast.voice.probe;

import io.voicebroadcast.voice.pipeline.Opening;
import io.voicebroadcast.voice.pipeline.ProcessLauncher;
import io.voicebroadcast.security.SecretRedactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks that a background input (camera, backup stream, file) can be read and has video, by
 * running ffprobe on it, which reads stream information and plays nothing further. A live RTMP
 * camera answers once its next keyframe arrives, so the probe takes up to one GOP.
 * <p>
 * A camera with sound may send seconds of audio before its first video frame: nginx-rtmp starts a
 * new player at the next keyframe, and 2 s of AAC fill the quick probe's 32 KiB (measured: 4 of 5
 * quick probes of a 720p camera with AAC at a 2 s keyframe interval saw the audio only). So a
 * probe that found sound but no picture looks again, reading up to the rest of the probe timeout
 * for the picture, before it says the input has no video.
 */
public final class StreamInfoProbe {

    /** Enough for FLV/MP4 headers and one keyframe's parameters; ffprobe's default waits seconds. */
    static final int PROBE_SIZE_BYTES = 32 * 1024;
    /** The second look's limit: seconds of sound and a keyframe of a high-bitrate camera. */
    static final int WAIT_FOR_VIDEO_PROBE_SIZE_BYTES = 8 * 1024 * 1024;
    /** The second look is worth it only with at least this much of the probe timeout left. */
    static final Duration MIN_WAIT_FOR_VIDEO = Duration.ofMillis(500);
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final int STDERR_TAIL_CHARS = 2000;
    private static final Duration READER_JOIN_TIMEOUT = Duration.ofSeconds(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path ffprobePath;
    private final Duration probeTimeout;
    private final Duration readTimeout;
    private final Path tlsCaFile;

    /**
     * @param probeTimeout the whole probe; ffprobe is killed (with its children) when it is over
     * @param readTimeout  ffprobe's own limit on one network read without data ({@code -rw_timeout})
     */
    public StreamInfoProbe(Path ffprobePath, Duration probeTimeout, Duration readTimeout) {
        this(ffprobePath, probeTimeout, readTimeout, null);
    }

    /** @param tlsCaFile PEM trust anchors for rtmps/https instead of the system's, or null */
    public StreamInfoProbe(Path ffprobePath, Duration probeTimeout, Duration readTimeout, Path tlsCaFile) {
        this.ffprobePath = Objects.requireNonNull(ffprobePath);
        this.probeTimeout = Objects.requireNonNull(probeTimeout);
        this.readTimeout = Objects.requireNonNull(readTimeout);
        this.tlsCaFile = tlsCaFile;
    }

    /** Probes the URL as it is (tests, tools: no egress policy). */
    public StreamInfo probe(ValidatedUrl input) {
        return probe(input, new Opening(List.of(), input.value()));
    }

    /** @param opening how ffprobe opens it: the egress policy's {@link io.voicebroadcast.voice.pipeline.Opener} decided it */
    public StreamInfo probe(ValidatedUrl input, Opening opening) {
        long started = System.nanoTime();
        String first = run(input, argv(input, opening), probeTimeout);
        java.util.Optional<StreamInfo> video = parse(input, first);
        if (video.isPresent()) {
            return video.get();
        }
        Duration left = probeTimeout.minusNanos(System.nanoTime() - started);
        if (hasStreams(first) && left.compareTo(MIN_WAIT_FOR_VIDEO) >= 0) {
            // sound first: look again, this time until the picture comes (or the time is up)
            Duration waitFor = left.minus(Duration.ofMillis(200));
            video = parse(input, run(input, argvWaitingForVideo(input, opening, waitFor), left));
            if (video.isPresent()) {
                return video.get();
            }
        }
        throw new ProbeFailedException(ProbeFailure.NO_VIDEO, input.masked() + ": has no video stream");
    }

    private static java.util.Optional<StreamInfo> parse(ValidatedUrl input, String json) {
        try {
            return firstVideoStream(json);
        } catch (IOException e) {
            throw new ProbeFailedException(ProbeFailure.UNREADABLE, input.masked() + ": " + e.getMessage());
        }
    }

    /** Runs one ffprobe within {@code timeout}; its JSON. */
    private String run(ValidatedUrl input, List<String> argv, Duration timeout) {
        SecretRedactor redactor = SecretRedactor.of(input.value());
        long started = System.nanoTime();
        Process process;
        try {
            process = ProcessLauncher.start(argv);
        } catch (IOException e) {
            throw new ProbeFailedException(ProbeFailure.UNREADABLE, "cannot run ffprobe: " + redactor.redact(e.getMessage()));
        }
        try {
            process.getOutputStream().close();
            StreamCollector stdout = StreamCollector.start(process.getInputStream(), MAX_OUTPUT_BYTES, "ffprobe-out");
            StreamCollector stderr = StreamCollector.start(process.getErrorStream(), MAX_OUTPUT_BYTES, "ffprobe-err");
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new ProbeFailedException(ProbeFailure.TIMEOUT,
                        input.masked() + ": no stream information within " + probeTimeout.toMillis() + " ms");
            }
            String err = tail(stderr.text(READER_JOIN_TIMEOUT));
            String out = stdout.text(READER_JOIN_TIMEOUT);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (process.exitValue() != 0) {
                ProbeFailure failure = classify(err, input.kind(), elapsed, readTimeout);
                throw new ProbeFailedException(failure, input.masked() + ": " + describe(failure) + ": " + redactor.redact(err.strip()));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailedException(ProbeFailure.TIMEOUT, input.masked() + ": probe interrupted");
        } catch (IOException e) {
            throw new ProbeFailedException(ProbeFailure.UNREADABLE, input.masked() + ": " + redactor.redact(e.getMessage()));
        } finally {
            killTree(process);
        }
    }

    /**
     * The second look, for an input that sent sound but no picture yet: as {@link #argv}, but
     * reading up to {@code waitFor} of it (and no frame-rate estimate: FLV's 40 frames would add
     * over a second).
     */
    List<String> argvWaitingForVideo(ValidatedUrl input, Opening opening, Duration waitFor) {
        List<String> a = argv(input, opening);
        a.set(a.indexOf("-probesize") + 1, Integer.toString(WAIT_FOR_VIDEO_PROBE_SIZE_BYTES));
        a.set(a.indexOf("-analyzeduration") + 1, Long.toString(TimeUnit.NANOSECONDS.toMicros(waitFor.toNanos())));
        a.addAll(a.indexOf("-show_entries"), List.of("-fpsprobesize", "0"));
        return a;
    }

    List<String> argv(ValidatedUrl input, Opening opening) {
        List<String> argv = new ArrayList<>(List.of(ffprobePath.toString(), "-hide_banner", "-v", "error",
                // only the protocols this kind needs: no concat:, subfile:, file: behind a redirect
                "-protocol_whitelist", input.kind().protocolWhitelist(),
                // microseconds; RTMP's -timeout would mean "listen", and -rw_timeout works for every protocol
                "-rw_timeout", Long.toString(TimeUnit.NANOSECONDS.toMicros(readTimeout.toNanos()))));
        if (input.kind().usesTls()) {
            // FFmpeg 5.1 does not verify certificates unless asked to
            argv.addAll(List.of("-tls_verify", "1"));
            if (tlsCaFile != null) {
                argv.addAll(List.of("-ca_file", tlsCaFile.toString()));
            }
        }
        argv.addAll(List.of("-probesize", Integer.toString(PROBE_SIZE_BYTES), // 0 would mean libavformat's 5 s default, and the FLV header that RTMP synthesises
                // announces an audio stream a silent camera never sends: without a small limit the
                // probe waits 5 s. 100 ms of stream after the first keyframe is enough.
                "-analyzeduration", "100000",
                "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "json"));
        argv.addAll(opening.options());
        argv.addAll(List.of("-i", opening.location()));
        return argv;
    }

    /** Whether ffprobe found any stream at all (sound, at least). */
    static boolean hasStreams(String json) {
        try {
            return JSON.readTree(json).path("streams").size() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static java.util.Optional<StreamInfo> firstVideoStream(String json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (RuntimeException e) {
            throw new IOException("ffprobe printed no JSON");
        }
        for (JsonNode stream : root.path("streams")) {
            if ("video".equals(stream.path("codec_type").asString(""))) {
                return java.util.Optional.of(new StreamInfo(stream.path("codec_name").asString("unknown"),
                        stream.path("width").asInt(0), stream.path("height").asInt(0)));
            }
        }
        return java.util.Optional.empty();
    }

    /** Classifies ffprobe's (error-level) stderr; a bare I/O error after the read timeout means no data came. */
    static ProbeFailure classify(String stderr, UrlKind kind, Duration elapsed, Duration readTimeout) {
        String s = stderr.toLowerCase();
        if (s.contains("timed out")) {
            return ProbeFailure.TIMEOUT;
        }
        if (s.contains("connection refused") || s.contains("failed to resolve") || s.contains("name or service not known")
                || s.contains("no route to host") || s.contains("network is unreachable")) {
            return ProbeFailure.UNREACHABLE;
        }
        if (s.contains("no such file or directory") || s.matches("(?s).*server returned 4\\d\\d.*")
                || s.contains("404 not found") || s.contains("403 forbidden")) {
            return ProbeFailure.NOT_FOUND;
        }
        if (s.contains("input/output error")) {
            if (elapsed.compareTo(readTimeout) >= 0) {
                return ProbeFailure.TIMEOUT;
            }
            if (kind.isLive()) {
                return ProbeFailure.NOT_FOUND;
            }
        }
        return ProbeFailure.UNREADABLE;
    }

    private String describe(ProbeFailure failure) {
        return switch (failure) {
            case TIMEOUT -> "no data within " + readTimeout.toMillis() + " ms (is anybody publishing?)";
            case UNREACHABLE -> "unreachable";
            case NOT_FOUND -> "not found";
            case NO_VIDEO -> "no video stream";
            case UNREADABLE -> "unreadable";
        };
    }

    private static String tail(String text) {
        return text.length() <= STDERR_TAIL_CHARS ? text : text.substring(text.length() - STDERR_TAIL_CHARS);
    }

    private static void killTree(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(READER_JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Drains one output of the process on its own thread, keeping at most a bound of bytes. */
    private static final class StreamCollector {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        private StreamCollector(InputStream in, int maxBytes, String name) {
            this.thread = new Thread(() -> drain(in, maxBytes), name);
            this.thread.setDaemon(true);
        }

        static StreamCollector start(InputStream in, int maxBytes, String name) {
            StreamCollector c = new StreamCollector(in, maxBytes, name);
            c.thread.start();
            return c;
        }

        private void drain(InputStream in, int maxBytes) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (bytes) {
                        int keep = Math.min(n, maxBytes - bytes.size());
                        if (keep > 0) {
                            bytes.write(buffer, 0, keep);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }

        String text(Duration joinTimeout) throws InterruptedException {
            thread.join(joinTimeout.toMillis());
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
