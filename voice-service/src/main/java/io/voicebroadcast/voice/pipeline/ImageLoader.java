package io.voicebroadcast.voice.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * Decodes a still image (PNG/JPG, by HTTP(S) or file) once: into one raw frame of the room's format
 * (a fallback image), or into a picture with its alpha (an overlay's logo). FFmpeg reads it, under
 * the input's protocol whitelist and the egress policy, as it reads every other input.
 */
public final class ImageLoader {

    /** A logo larger than this (in either direction) is scaled down as it is read. */
    static final int MAX_LOGO_SIDE = 1920;
    /** What a logo's PNG may take at most on the pipe. */
    static final int MAX_LOGO_BYTES = 32 * 1024 * 1024;

    private ImageLoader() {
    }

    /** A logo's argv: its first picture as an RGBA PNG on stdout, at most {@link #MAX_LOGO_SIDE} a side. */
    public static List<String> pictureArgs(String ffmpeg, MediaInput input, Opening opening, long rwTimeoutMillis) {
        List<String> a = DecoderArgs.inputOptions(ffmpeg, "error", input, rwTimeoutMillis);
        a.addAll(opening.options());
        a.addAll(List.of("-i", opening.location(), "-frames:v", "1", "-an",
                "-vf", "scale=w='min(%1$d,iw)':h='min(%1$d,ih)':force_original_aspect_ratio=decrease".formatted(MAX_LOGO_SIDE),
                "-pix_fmt", "rgba", "-c:v", "png", "-f", "image2pipe", "pipe:1"));
        return a;
    }

    /**
     * A picture with its alpha (a logo), as Java2D draws it.
     *
     * @throws SourceUnavailableException with a masked reason when it cannot be fetched or decoded in time
     */
    public static BufferedImage loadPicture(String ffmpeg, MediaInput input, Duration timeout, UnaryOperator<String> masker) {
        byte[] png = run(input, timeout, masker, opening -> pictureArgs(ffmpeg, input, opening, timeout.toMillis()),
                in -> in.readNBytes(MAX_LOGO_BYTES));
        try {
            BufferedImage image = png.length == 0 ? null : ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new SourceUnavailableException("picture " + input.masked() + " could not be decoded");
            }
            return image;
        } catch (IOException e) {
            throw new SourceUnavailableException("picture " + input.masked() + " could not be decoded: " + masker.apply(String.valueOf(e.getMessage())));
        }
    }

    public static List<String> args(String ffmpeg, MediaInput input, Opening opening, VideoFormat format, long rwTimeoutMillis) {
        List<String> a = DecoderArgs.inputOptions(ffmpeg, "error", input, rwTimeoutMillis);
        a.addAll(opening.options());
        a.addAll(List.of("-i", opening.location(), "-frames:v", "1", "-an",
                "-vf", DecoderArgs.normaliseFilter(format),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"));
        return a;
    }

    /**
     * @throws SourceUnavailableException with a masked reason when the image cannot be fetched or decoded in time
     */
    public static byte[] load(String ffmpeg, MediaInput input, VideoFormat format, Duration timeout,
                              UnaryOperator<String> masker) {
        byte[] bytes = run(input, timeout, masker, opening -> args(ffmpeg, input, opening, format, timeout.toMillis()),
                in -> in.readNBytes(format.frameBytes()));
        if (bytes.length != format.frameBytes()) {
            throw new SourceUnavailableException("image " + input.masked() + " could not be decoded");
        }
        return bytes;
    }

    private interface Reader {
        byte[] read(InputStream in) throws IOException;
    }

    /** Runs one FFmpeg over the input and reads its stdout, all within {@code timeout}. */
    private static byte[] run(MediaInput input, Duration timeout, UnaryOperator<String> masker,
                              Function<Opening, List<String>> argv, Reader reader) {
        Opening opening;
        try {
            opening = input.open();
        } catch (EgressException e) {
            throw new SourceUnavailableException("image " + input.masked() + ": " + e.getMessage());
        }
        ChildProcess child;
        try {
            child = ChildProcess.start("image-loader", argv.apply(opening), masker, line -> { });
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot run ffmpeg: " + masker.apply(e.getMessage()));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "image-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<byte[]> read = pool.submit(() -> {
                try (InputStream in = child.stdout()) {
                    return reader.read(in);
                }
            });
            byte[] bytes = read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (bytes.length == 0) {
                child.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                String why = child.lastLine();
                throw new SourceUnavailableException("image " + input.masked() + " could not be decoded"
                        + (why.isEmpty() ? "" : ": " + why));
            }
            return bytes;
        } catch (TimeoutException e) {
            throw new SourceUnavailableException("image " + input.masked() + " was not loaded within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new SourceUnavailableException("image " + input.masked() + " could not be read: " + masker.apply(String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while loading image " + input.masked());
        } finally {
            child.kill();
            pool.shutdownNow();
        }
    }
}
