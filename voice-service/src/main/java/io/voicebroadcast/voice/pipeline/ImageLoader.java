package io.voicebroadcast.voice.pipeline;

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
import java.util.function.UnaryOperator;

/** Decodes a still image (PNG/JPG, by HTTP(S) or file) once into one raw frame of the room's format. */
public final class ImageLoader {

    private ImageLoader() {
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
        Opening opening;
        try {
            opening = input.open();
        } catch (EgressException e) {
            throw new SourceUnavailableException("image " + input.masked() + ": " + e.getMessage());
        }
        ChildProcess child;
        try {
            child = ChildProcess.start("image-loader", args(ffmpeg, input, opening, format, timeout.toMillis()), masker, line -> { });
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot run ffmpeg: " + masker.apply(e.getMessage()));
        }
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "image-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<byte[]> frame = reader.submit(() -> {
                try (InputStream in = child.stdout()) {
                    return in.readNBytes(format.frameBytes());
                }
            });
            byte[] bytes = frame.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (bytes.length != format.frameBytes()) {
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
            reader.shutdownNow();
        }
    }
}
