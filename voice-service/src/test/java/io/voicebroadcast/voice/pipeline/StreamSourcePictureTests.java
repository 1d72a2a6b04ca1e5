package io.voicebroadcast.voice.pipeline;

import static io.voicebroadcast.voice.pipeline.PictureCheckTests.HD;
import static io.voicebroadcast.voice.pipeline.PictureCheckTests.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream source's picture check with the cascade, fed frames by hand on a controlled clock (no
 * decoder is started: {@link StreamSource#offer} is what its reader thread calls per frame).
 */
class StreamSourcePictureTests {

    private static final long MS = 1_000_000L;
    private static final long FRAME = HD.frameIntervalNanos();
    private static final long LOSS = 1000 * MS;
    private static final long BLACK = 5000 * MS;
    private static final long HOLD = 3000 * MS;

    private final AtomicLong now = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<VideoSource> retired = new ArrayList<>();
    private final byte[] colour = frame(120);
    private final byte[] black = frame(16);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private StreamSource source(SourceKind kind, long frozenMs) {
        PictureCheck.Settings check = new PictureCheck.Settings(Duration.ofNanos(BLACK), Duration.ofMillis(frozenMs), 32, 24, 2.0);
        StreamSource.DecoderSettings settings = new StreamSource.DecoderSettings("/nonexistent/ffmpeg", HD,
                Duration.ofSeconds(5), Duration.ofSeconds(1), check, new LossRule(Duration.ofNanos(LOSS), Duration.ofNanos(HOLD)));
        // no FFmpeg here: the decoder cannot start, and the test hands it the frames itself
        DecoderPool pool = new DecoderPool(settings, scheduler, () -> new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), () -> 0.5),
                now::get);
        return new StreamSource("room", kind, new MediaInput("rtmp://cam/live/x", "rtmp://cam/live/****", true, "rtmp", Opener.LOCAL_FILE),
                pool, line -> line).start();
    }

    /** Delivers {@code frame} every frame interval until {@code untilNanos}, selecting on air at each. */
    private VideoSource run(StreamSource source, byte[] frame, long untilNanos, SourceCascade cascade) {
        VideoSource onAir = null;
        while (now.get() < untilNanos) {
            now.addAndGet(FRAME);
            source.offer(frame);
            onAir = cascade == null ? null : cascade.select(now.get());
        }
        return onAir;
    }

    @Test
    void cameraTurningBlack_isLost_afterTheBlackThreshold_andSaysBlackPicture() {
        StreamSource cam = source(SourceKind.PRIMARY_STREAM, 0);
        run(cam, colour, 2000 * MS, null);
        assertThat(cam.state(now.get())).isEqualTo(SourceState.DELIVERING);

        long firstBlack = now.get() + FRAME;
        run(cam, black, firstBlack + BLACK - FRAME, null);
        assertThat(cam.state(now.get())).as("black for less than the threshold").isEqualTo(SourceState.DELIVERING);

        run(cam, black, firstBlack + BLACK, null);
        assertThat(cam.state(now.get())).as("black for the threshold, frames still arriving")
                .isEqualTo(new SourceState.Lost(firstBlack + BLACK, "black picture"));
        assertThat(cam.decoderStarts()).as("nothing restarted").isZero();

        run(cam, colour, now.get() + FRAME, null);
        assertThat(cam.state(now.get())).as("picture back, for the recovery hold").isEqualTo(new SourceState.Recovering(now.get()));
        assertThat(cam.state(now.get()).problem()).isNull();
    }

    @Test
    void blackCamera_putsTheBackupOnAir_andReturnsAfterTheRecoveryHold_onceItsPictureIsBack() {
        SourceCascade cascade = new SourceCascade(StillSource.black(HD), retired::add);
        StreamSource cam = source(SourceKind.PRIMARY_STREAM, 0);
        FakeSource backup = new FakeSource(SourceKind.FALLBACK_STREAM, 2);
        cascade.replace(backup);
        cascade.replace(cam);
        backup.deliverAt(0);
        assertThat(run(cam, colour, 2000 * MS, cascade)).isSameAs(cam);

        long firstBlack = now.get() + FRAME;
        long lost = untilOnAir(cascade, backup, cam, black, firstBlack + 2 * BLACK);
        assertThat(lost - firstBlack).as("backup on air at the black threshold").isBetween(BLACK, BLACK + FRAME);

        long colourBack = now.get() + 1000 * MS;
        while (now.get() < colourBack) {
            now.addAndGet(FRAME);
            cam.offer(black);
            backup.deliverAt(now.get());
            assertThat(cascade.select(now.get())).isSameAs(backup);
        }
        long firstColour = now.get() + FRAME;
        long back = untilOnAir(cascade, cam, cam, colour, firstColour + 2 * HOLD);
        assertThat(back - firstColour).as("back after the recovery hold").isBetween(HOLD, HOLD + FRAME);
        assertThat(retired).isEmpty();
    }

    /**
     * Frame by frame, the camera showing {@code frame} and the backup delivering too, until
     * {@code expected} is on air (returns when) or {@code deadline} (fails).
     */
    private long untilOnAir(SourceCascade cascade, VideoSource expected, StreamSource cam, byte[] frame, long deadline) {
        while (now.get() < deadline) {
            now.addAndGet(FRAME);
            cam.offer(frame);
            for (VideoSource s : cascade.all()) {
                if (s instanceof FakeSource fake) {
                    fake.deliverAt(now.get());
                }
            }
            if (cascade.select(now.get()) == expected) {
                return now.get();
            }
        }
        throw new AssertionError(expected.kind() + " not on air by " + deadline / MS + " ms");
    }

    @Test
    void defaultVideo_isNeverLostForItsPicture() {
        StreamSource def = source(SourceKind.DEFAULT, 1000);
        run(def, black, 20_000 * MS, null);
        assertThat(def.state(now.get())).isEqualTo(SourceState.DELIVERING);
        assertThat(StreamSource.checksPicture(SourceKind.FALLBACK_STREAM)).isTrue();
        assertThat(StreamSource.checksPicture(SourceKind.DEFAULT)).isFalse();
    }

    @Test
    void frozenCamera_isLostOnlyWhenTheFrozenCheckIsOn() {
        byte[] still = frame(120);
        StreamSource off = source(SourceKind.PRIMARY_STREAM, 0);
        run(off, still, 20_000 * MS, null);
        assertThat(off.state(now.get())).as("frozen check off (the default)").isEqualTo(SourceState.DELIVERING);

        now.set(0);
        StreamSource on = source(SourceKind.PRIMARY_STREAM, 8000);
        run(on, still, 7900 * MS, null);
        assertThat(on.state(now.get())).isEqualTo(SourceState.DELIVERING);
        run(on, still, 8100 * MS, null);
        assertThat(on.state(now.get())).isInstanceOf(SourceState.Lost.class);
        assertThat(on.state(now.get()).problem()).isEqualTo("frozen picture");
    }

    @Test
    void stoppedFrames_sayWhyTheyStopped_notTheLastPicture() {
        StreamSource cam = source(SourceKind.PRIMARY_STREAM, 0);
        run(cam, black, 6000 * MS, null);
        assertThat(cam.state(now.get()).problem()).isEqualTo("black picture");
        cam.failed("cannot start decoder: /nonexistent/ffmpeg"); // as its decoder tells every room when it ends
        assertThat(cam.state(now.get()).problem()).startsWith("cannot start decoder");
        cam.close();
    }

    @Test
    void pausedBackup_forgetsItsPicture() {
        StreamSource backup = source(SourceKind.FALLBACK_STREAM, 0);
        run(backup, black, 6000 * MS, null);
        assertThat(backup.state(now.get())).isInstanceOf(SourceState.Lost.class);

        backup.pause();
        assertThat(backup.state(now.get())).isEqualTo(SourceState.PAUSED);
        backup.resume(); // the decoder cannot start here (no such FFmpeg); the frames below stand for its first ones
        long resumed = now.get();
        run(backup, black, resumed + BLACK - FRAME, null);
        assertThat(backup.state(now.get())).as("black again, counted from the first frame after the pause; no hold after a pause")
                .isEqualTo(SourceState.DELIVERING);
        backup.close();
    }
}
