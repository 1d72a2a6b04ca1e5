package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A live game camera: FFmpeg publishing a generated picture to an RTMP URL in real time
 * ({@code -re}), H.264 with a keyframe every second, optionally with silent AAC.
 * <p>
 * Each test source gets its own solid colour so that the output's colour tells which source
 * was on air ({@link MediaAnalysis#colourTimeline}); benchmarks use {@link #moving} content,
 * which costs the decoders and the encoder what a real game picture would.
 * Encoding is ultrafast at a small bitrate: tests run on 2 cores.
 * <p>
 * A camera started {@link Spec#withBlackout() with a blackout} can be turned black and back
 * ({@link #showBlack}) while it keeps publishing, as a game server on a loading or crash screen:
 * same process, same publish session, frames all along.
 *
 * @param url     where it publishes
 * @param spec    what it shows and sends
 * @param process FFmpeg; killing it ends the camera as a crashed game server would (no FLV trailer)
 */
public record TestCamera(String url, Spec spec, ManagedProcess process) implements ProcessBacked {

    /** One ffprobe attempt while waiting for a camera to be playable. */
    static final Duration PROBE_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    /** What the camera shows and sends; build with {@link #solid} or {@link #moving}. */
    public record Spec(String lavfiSource, String size, int fps, boolean silentAudio, int videoKbps, boolean blackout) {

        /** Adds a silent AAC track (48 kHz stereo), as a real camera with a muted game would have. */
        public Spec withSilentAudio() {
            return new Spec(lavfiSource, size, fps, true, videoKbps, blackout);
        }

        public Spec withVideoKbps(int kbps) {
            return new Spec(lavfiSource, size, fps, silentAudio, kbps, blackout);
        }

        /** A black box over the whole picture, off at the start, switched by {@link TestCamera#showBlack}. */
        public Spec withBlackout() {
            return new Spec(lavfiSource, size, fps, silentAudio, videoKbps, true);
        }

        public TestCamera start(String rtmpUrl) {
            return TestCamera.start(rtmpUrl, this);
        }

        List<String> argv(String rtmpUrl) {
            // A blackout camera takes its commands on stdin (FFmpeg's "c" key); the others ignore it.
            List<String> a = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "warning"));
            if (!blackout) {
                a.add("-nostdin");
            }
            a.addAll(List.of("-re", "-f", "lavfi", "-i", lavfiSource));
            if (silentAudio) {
                a.addAll(List.of("-re", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"));
            }
            if (blackout) {
                // limited-range black (Y=16), as a real black screen is encoded
                a.addAll(List.of("-vf", "drawbox=c=black:t=fill:enable=0"));
            }
            String kbps = videoKbps + "k";
            a.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                    // a keyframe every second, never earlier (scene cuts would add more)
                    "-g", String.valueOf(fps), "-keyint_min", String.valueOf(fps), "-sc_threshold", "0",
                    "-b:v", kbps, "-maxrate", kbps, "-bufsize", (2 * videoKbps) + "k"));
            if (silentAudio) {
                a.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
            } else {
                a.add("-an");
            }
            a.addAll(List.of("-f", "flv", rtmpUrl));
            return a;
        }
    }

    /** A solid FFmpeg colour ({@code "red"}, {@code "0x336699"}, ...) at e.g. {@code "1280x720"}. */
    public static Spec solid(String colour, String size, int fps) {
        return new Spec("color=c=" + colour + ":size=" + size + ":rate=" + fps, size, fps, false, 300, false);
    }

    public static Spec solid(MediaAnalysis.Colour colour, String size, int fps) {
        return solid(colour.ffmpegName(), size, fps);
    }

    /**
     * Moving, detailed content for benchmarks: FFmpeg's {@code testsrc2} (moving shapes, a
     * running clock) with light temporal noise so every frame differs like a game picture.
     */
    public static Spec moving(String size, int fps) {
        return new Spec("testsrc2=size=" + size + ":rate=" + fps + ",noise=alls=12:allf=t", size, fps, false, 1500, false);
    }

    /** Starts a solid-colour camera without audio. */
    public static TestCamera start(String rtmpUrl, String colour, String size, int fps) {
        return start(rtmpUrl, solid(colour, size, fps));
    }

    public static TestCamera start(String rtmpUrl, Spec spec) {
        return new TestCamera(rtmpUrl, spec, ManagedProcess.start("camera", spec.argv(rtmpUrl)));
    }

    /**
     * Waits until {@code nginx.liveUrl(name)} can be played (ffprobe reads its video stream) and
     * returns how long that took. Fails at once if the camera process has exited.
     */
    public Duration awaitPublishing(NginxRtmpServer nginx, String name, Duration timeout) {
        return awaitPlayable(nginx.liveUrl(name), timeout);
    }

    /** As {@link #awaitPublishing}, for any playable URL (usually this camera's own). */
    public Duration awaitPlayable(String playUrl, Duration timeout) {
        long start = System.nanoTime();
        AtomicReference<String> last = new AtomicReference<>("");
        process.awaitReady(playUrl + " playable", timeout, Duration.ofMillis(100), () -> {
            last.set(probe(playUrl));
            return last.get().startsWith("h264,");
        }, () -> "\nlast probe: " + last.get());
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** "h264,1280,720" when the stream plays; otherwise ffprobe's complaint. */
    private static String probe(String playUrl) {
        List<String> argv = List.of("ffprobe", "-v", "error",
                // -rw_timeout (microseconds) bounds reads; an unpublished live stream would wait forever
                "-rw_timeout", "3000000", "-analyzeduration", "500000", "-probesize", "500000",
                "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", playUrl);
        try (ManagedProcess p = ManagedProcess.start("ffprobe", argv)) {
            int code = p.waitFor(PROBE_ATTEMPT_TIMEOUT); // once it has exited, its output is drained too
            return code == 0 ? p.tail().strip() : "exit " + code + ": " + p.tail().strip();
        }
    }

    /**
     * Turns the picture black ({@code true}) or back to what it was, from the next frame the camera
     * encodes (FFmpeg reads its keyboard every 100 ms or so), keeping its connection and publish
     * session. Only for a camera {@link Spec#withBlackout() with a blackout}.
     */
    public void showBlack(boolean black) {
        if (!spec.blackout()) {
            throw new IllegalStateException("this camera has no blackout: start it with Spec.withBlackout()");
        }
        try {
            // "c": send a command to the first filter that takes it; "enable" is every filter's timeline switch.
            process.stdin().write(("cdrawbox -1 enable " + (black ? "1" : "0") + "\n").getBytes(StandardCharsets.US_ASCII));
            process.stdin().flush();
        } catch (IOException e) {
            throw new IllegalStateException("camera did not take the command (exited?):\n" + process.tail(), e);
        }
    }
}
