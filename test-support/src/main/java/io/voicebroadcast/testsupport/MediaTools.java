package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** ffprobe and ffmpeg run to completion for {@link MediaAnalysis}: stdout and stderr read whole, a time limit. */
final class MediaTools {

    private MediaTools() {
    }

    /** Runs a tool to completion under {@link MediaAnalysis#TOOL_TIMEOUT}; returns stdout, fails with stderr. */
    static byte[] run(List<String> argv) {
        ToolResult r = execute(argv);
        if (r.exit() != 0) {
            throw new IllegalStateException(argv.get(0) + " failed (" + r.exit() + "): " + String.join(" ", argv) + "\n" + r.stderr());
        }
        return r.stdout();
    }

    record ToolResult(int exit, byte[] stdout, String stderr) {
    }

    /** Runs a tool to completion under {@link MediaAnalysis#TOOL_TIMEOUT}, whatever its exit code. */
    static ToolResult execute(List<String> argv) {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.get(0), e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(MediaAnalysis.TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(argv.get(0) + " did not finish within " + MediaAnalysis.TOOL_TIMEOUT + ": " + String.join(" ", argv));
            }
            return new ToolResult(p.exitValue(), out.get(5, TimeUnit.SECONDS), text(err.get(5, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + argv.get(0), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
