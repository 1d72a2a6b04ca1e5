package io.voicebroadcast.voice.pipeline.encoder;

import io.voicebroadcast.voice.pipeline.VideoFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Asks the installed FFmpeg what it can do: the encoder list and build configuration, and whether
 * an encoder really opens here (a listed {@code h264_nvenc} fails without an NVIDIA GPU).
 *
 * <p>The open test encodes three frames of a generated picture at the broadcast's size with exactly
 * the options of {@link H264EncoderArgs} into the null muxer, so options the encoder rejects fail
 * here, at start-up, rather than on air.
 */
public final class FfmpegEncoderProbe {

    private static final int TEST_FRAMES = 3;

    private final String ffmpegPath;
    private final Duration listTimeout;
    private final Duration openTimeout;
    private final ShortCommand command;

    /**
     * @param listTimeout limit for {@code -encoders} / {@code -buildconf}
     * @param openTimeout limit for one test encode; a hung device open is killed after it
     */
    public FfmpegEncoderProbe(String ffmpegPath, Duration listTimeout, Duration openTimeout, LongSupplier nanoTime) {
        this.ffmpegPath = Objects.requireNonNull(ffmpegPath, "ffmpegPath");
        this.listTimeout = Objects.requireNonNull(listTimeout, "listTimeout");
        this.openTimeout = Objects.requireNonNull(openTimeout, "openTimeout");
        this.command = new ShortCommand(nanoTime);
    }

    /** The outcome of one test encode, kept for the start-up log. */
    public record OpenAttempt(String encoder, boolean opened, boolean timedOut, int exitCode,
                              String stderrTail, Duration elapsed) {
    }

    public EncoderCapabilities capabilities() {
        String encoders = runForStdout("-encoders");
        String buildconf = runForStdout("-buildconf");
        return EncoderCapabilities.parse(encoders, buildconf);
    }

    /** An {@link EncoderOpenTest} for the broadcast's own output settings. */
    public EncoderOpenTest openTest(VideoFormat format, String bitrate, int keyframeSeconds) {
        return encoder -> tryOpen(encoder, format, bitrate, keyframeSeconds).opened();
    }

    public OpenAttempt tryOpen(String encoder, VideoFormat format, String bitrate, int keyframeSeconds) {
        List<String> argv = new ArrayList<>(List.of(ffmpegPath, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "lavfi", "-i", "color=c=gray:s=" + format.size() + ":r=" + format.fps(),
                "-frames:v", Integer.toString(TEST_FRAMES)));
        argv.addAll(H264EncoderArgs.videoArgs(encoder, format, bitrate, keyframeSeconds));
        argv.addAll(List.of("-f", "null", "-"));
        try {
            ShortCommand.Result result = command.run(argv, openTimeout);
            return new OpenAttempt(encoder, result.succeeded(), result.timedOut(), result.exitCode(),
                    result.stderrTail(), result.elapsed());
        } catch (IOException e) {
            return new OpenAttempt(encoder, false, false, -1, String.valueOf(e.getMessage()), Duration.ZERO);
        }
    }

    private String runForStdout(String option) {
        List<String> argv = List.of(ffmpegPath, "-hide_banner", option);
        try {
            ShortCommand.Result result = command.run(argv, listTimeout);
            if (!result.succeeded()) {
                throw new IllegalStateException(String.join(" ", argv) + (result.timedOut()
                        ? " did not finish within " + listTimeout
                        : " exited with " + result.exitCode()) + ": " + result.stderrTail());
            }
            return result.stdout();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + ffmpegPath + " " + option, e);
        }
    }
}
