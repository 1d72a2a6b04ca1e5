package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.voice.retry.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A decoder process that stays up but gives no frame is ended, so that it connects again. */
class SharedDecoderTests {

    private static final VideoFormat FORMAT = new VideoFormat(16, 16, 30);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScratchDir dir = ScratchDir.create("shared-decoder-");

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        dir.close();
    }

    /** An "FFmpeg" that connects and then gives nothing, as a player an RTMP server keeps idle. */
    private Path silentFfmpeg() throws Exception {
        Path script = dir.resolve("ffmpeg");
        Files.writeString(script, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void aDecoderThatRunsWithoutFrames_isEndedAfterTwoReadTimeouts_andTheRoomsAreToldWhy() throws Exception {
        Duration rwTimeout = Duration.ofMillis(300);
        var settings = new StreamSource.DecoderSettings(silentFfmpeg().toString(), FORMAT, rwTimeout, Duration.ofSeconds(1),
                PictureCheck.Settings.OFF, new LossRule(Duration.ofMillis(500), Duration.ZERO));
        MediaInput camera = new MediaInput("rtmp://cam/live/race", "rtmp://cam/live/****", true, "rtmp,tcp", Opener.LOCAL_FILE);
        SharedDecoder decoder = new SharedDecoder("decoder-test", camera, settings, FORMAT, false, line -> line, scheduler,
                new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), () -> 0.0), System::nanoTime, () -> { });
        List<String> failures = new CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        decoder.subscribe(new SharedDecoder.Subscriber() {
            @Override
            public byte[] buffer(int size) {
                return new byte[size];
            }

            @Override
            public void frame(byte[] frame, long nowNanos, boolean pictureWasLost) {
            }

            @Override
            public void failed(String maskedProblem) {
                failures.add(maskedProblem);
            }
        });
        assertThat(decoder.starts()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
        long endedAfterMs = Duration.ofNanos(System.nanoTime() - began).toMillis();

        assertThat(failures.get(0)).startsWith("connected but no frame for ");
        assertThat(endedAfterMs).as("ended after two read timeouts, not before").isGreaterThanOrEqualTo(2 * rwTimeout.toMillis());
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sleep")).count())
                .as("the silent decoder's process is gone").isZero();
    }
}
