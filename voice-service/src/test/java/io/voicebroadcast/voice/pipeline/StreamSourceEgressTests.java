package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.voice.pipeline.flv.Program;
import io.voicebroadcast.voice.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decoder asks the egress policy right before every start: while its address is refused no
 * process starts and the source says why; once allowed, the next retry decodes (real FFmpeg).
 */
class StreamSourceEgressTests {

    private static final VideoFormat FORMAT = new VideoFormat(160, 90, 10);

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private StreamSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void aRefusedAddress_startsNoDecoder_andTheRetryAfterItIsAllowedDecodes() throws Exception {
        Path video = dir.resolve("bg.mp4");
        try (ManagedProcess p = ManagedProcess.start("make-video", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=red:size=160x90:rate=10", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", video.toString()))) {
            assertThat(p.waitFor(Duration.ofSeconds(30))).as(p.tail()).isZero();
        }
        AtomicBoolean allowed = new AtomicBoolean(false);
        AtomicInteger looks = new AtomicInteger();
        Opener policy = location -> {
            looks.incrementAndGet();
            if (!allowed.get()) {
                throw new EgressException.NotAllowed("host cam.example resolves to 169.254.169.254, which is a cloud metadata address, always refused");
            }
            return new Opening(List.of(), location);
        };
        MediaInput input = new MediaInput(video.toString(), video.toString(), false, "file", policy);
        source = new StreamSource("room-egress", SourceKind.PRIMARY_STREAM, input,
                new StreamSource.DecoderSettings("/usr/bin/ffmpeg", FORMAT, Duration.ofSeconds(5), Duration.ofSeconds(2),
                        PictureCheck.Settings.OFF, new LossRule(Duration.ofSeconds(1), Duration.ZERO)),
                line -> line, scheduler, new Backoff(Duration.ofMillis(100), Duration.ofMillis(200), () -> 0.0), System::nanoTime);

        source.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> looks.get() >= 3);

        assertThat(source.decoderStarts()).isZero();
        assertThat(source.state(System.nanoTime())).isInstanceOf(SourceState.Starting.class);
        assertThat(source.state(System.nanoTime()).problem()).contains("169.254.169.254").contains("always refused");
        assertThat(decoders(video)).as("decoders of the refused input").isZero();

        allowed.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> source.state(System.nanoTime()) instanceof SourceState.Delivering);
        assertThat(source.decoderStarts()).isEqualTo(1);
    }

    @Test
    void aPublisherWhoseDestinationIsRefused_failsToStart_withoutAProcess() {
        OutputTarget out = new OutputTarget("rtmp://ingest.example/app/sk_refused_key", "rtmp://ingest.example/app/****", "rtmp,tcp",
                "flv", location -> {
                    throw new EgressException.NotAllowed("host ingest.example resolves to 169.254.169.254, which is a cloud metadata address, always refused");
                });
        PublisherProcess publisher = new PublisherProcess("room-egress", "d1",
                new PublisherProcess.Settings("/usr/bin/ffmpeg", Duration.ofSeconds(2), Duration.ofSeconds(4), 1 << 20), out,
                new Program("test", 33, System::nanoTime), line -> line, System::nanoTime);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> publisher.start(new Publisher.Listener() {
                    @Override
                    public void live() {
                    }

                    @Override
                    public void exited() {
                    }
                }))
                .isInstanceOf(EgressException.NotAllowed.class)
                .hasMessage("host ingest.example resolves to 169.254.169.254, which is a cloud metadata address, always refused");
        assertThat(publisher.pid()).isEqualTo(-1);
    }

    private static long decoders(Path video) {
        return ProcessHandle.current().descendants()
                .filter(ph -> ph.info().commandLine().orElse("").contains(video.toString())).count();
    }
}
