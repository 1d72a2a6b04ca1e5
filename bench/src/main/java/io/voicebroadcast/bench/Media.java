package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's test content, made once into the work directory and reused by later runs:
 * camera clips with the encoding cost of a real scene (a zooming, colour-cycling Mandelbrot set
 * with moving sensor-like grain, every pixel changing), each with a colour bar in its top strip
 * so the viewer can tell them apart, and the fallback image (a yellow bar over a detailed picture).
 */
final class Media {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FPS = 30;
    /** A keyframe every second, as game cameras are set up for quick joins. */
    static final int CAMERA_GOP = 30;
    private static final int CLIP_SECONDS = 20;

    private final Path dir;

    Media(Path dir) {
        this.dir = dir;
    }

    Path camera(Colour bar) {
        return dir.resolve("camera-" + bar.name().toLowerCase() + ".mp4");
    }

    /** The camera clip at a quarter of the size (640x360): a grid's four cameras. */
    Path smallCamera(Colour bar) {
        return dir.resolve("camera-" + bar.name().toLowerCase() + "-640x360.mp4");
    }

    Path fallbackImage() {
        return dir.resolve("fallback.png");
    }

    /**
     * The fallback image dimmed (mean luma about 55): for a broadcast whose camera shows white
     * flashes to be timed ({@link Drift}), which a bright picture would be taken for.
     */
    Path dimFallbackImage() {
        return dir.resolve("fallback-dim.png");
    }

    /** Renders what is missing. */
    void prepare() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Colour bar : List.of(Colour.RED, Colour.BLUE)) {
            Path clip = camera(bar);
            if (!Files.isRegularFile(clip)) {
                Bench.log("rendering " + clip.getFileName() + " (" + CLIP_SECONDS + " s of " + WIDTH + "x" + HEIGHT + "@" + FPS + ")");
                // Different start points of the zoom, so the two cameras do not show the same picture.
                double start = bar == Colour.RED ? 1.0 : 2.5;
                render(clip, List.of("-f", "lavfi", "-i",
                        "mandelbrot=size=%dx%d:rate=%d:start_scale=%s:end_scale=0.02:maxiter=256,hue=H=0.4*t,noise=alls=12:allf=t+u,%s"
                                .formatted(WIDTH, HEIGHT, FPS, start, bar(bar)),
                        "-t", String.valueOf(CLIP_SECONDS), "-c:v", "libx264", "-preset", "fast", "-pix_fmt", "yuv420p",
                        "-b:v", "4000k", "-maxrate", "4000k", "-bufsize", "8000k",
                        "-g", String.valueOf(CAMERA_GOP), "-keyint_min", String.valueOf(CAMERA_GOP), "-sc_threshold", "0", "-an"));
            }
        }
        for (Colour bar : List.of(Colour.RED, Colour.BLUE)) {
            if (!Files.isRegularFile(smallCamera(bar))) {
                render(smallCamera(bar), List.of("-i", camera(bar).toString(), "-vf", "scale=%d:%d".formatted(WIDTH / 2, HEIGHT / 2),
                        "-c:v", "libx264", "-preset", "fast", "-pix_fmt", "yuv420p", "-b:v", "1200k", "-maxrate", "1200k",
                        "-bufsize", "2400k", "-g", String.valueOf(CAMERA_GOP), "-keyint_min", String.valueOf(CAMERA_GOP),
                        "-sc_threshold", "0", "-an"));
            }
        }
        if (!Files.isRegularFile(fallbackImage())) {
            render(fallbackImage(), List.of("-f", "lavfi", "-i",
                    "testsrc2=size=%dx%d:rate=1,%s".formatted(WIDTH, HEIGHT, bar(Colour.YELLOW)), "-frames:v", "1"));
        }
        if (!Files.isRegularFile(dimFallbackImage())) {
            render(dimFallbackImage(), List.of("-f", "lavfi", "-i",
                    "testsrc2=size=%dx%d:rate=1,%s,colorlevels=romax=0.4:gomax=0.4:bomax=0.4".formatted(WIDTH, HEIGHT, bar(Colour.YELLOW)),
                    "-frames:v", "1"));
        }
    }

    private static String bar(Colour colour) {
        return "drawbox=x=0:y=0:w=iw:h=ih/8:color=%s:t=fill".formatted(colour.name().toLowerCase());
    }

    private static void render(Path out, List<String> args) {
        Path partial = out.resolveSibling(out.getFileName() + ".part" + suffix(out));
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
        argv.addAll(args);
        argv.add(partial.toString());
        try (ManagedProcess p = ManagedProcess.start("render", argv)) {
            if (p.waitFor(Duration.ofMinutes(5)) != 0) {
                throw new IllegalStateException("could not render " + out + ": " + p.tail());
            }
        }
        try {
            Files.move(partial, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String suffix(Path out) {
        String name = out.getFileName().toString();
        return name.substring(name.lastIndexOf('.'));
    }

    /** A camera: the clip looped and published in real time without re-encoding (negligible CPU). */
    static ManagedProcess publish(Path clip, String rtmpUrl) {
        return ManagedProcess.start("camera", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-re", "-stream_loop", "-1", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl));
    }
}
