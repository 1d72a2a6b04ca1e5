package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.retry.Backoff;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rooms that show one input share one decoder: opened by the first, closed by the last, each room with its own queue and state. */
class DecoderPoolTests {

    private static final VideoFormat FORMAT = new VideoFormat(16, 16, 30);
    private static final long FRAME = 33_000_000L;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    // no FFmpeg here: decoders cannot start, and the test hands them frames itself
    private final DecoderPool pool = new DecoderPool(new StreamSource.DecoderSettings("/nonexistent/ffmpeg", FORMAT,
            Duration.ofSeconds(5), Duration.ofSeconds(1), PictureCheck.Settings.OFF,
            new LossRule(Duration.ofMillis(500), Duration.ZERO)), scheduler,
            () -> new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), () -> 0.0), now::get);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static MediaInput camera(String name) {
        return new MediaInput("rtmp://cam/live/" + name, "rtmp://cam/live/****", true, "rtmp,tcp", Opener.LOCAL_FILE);
    }

    private StreamSource source(String room, MediaInput input) {
        return new StreamSource(room, SourceKind.PRIMARY_STREAM, input, pool, line -> line).start();
    }

    private static byte[] frame(int luma) {
        byte[] f = new byte[FORMAT.frameBytes()];
        Arrays.fill(f, (byte) luma);
        return f;
    }

    @Test
    void roomsShowingOneCamera_shareOneDecoder_andEachGetsEveryFrameInItsOwnQueue() {
        MediaInput race = camera("race");
        StreamSource english = source("english", race);
        StreamSource spanish = source("spanish", race);
        StreamSource other = source("other", camera("crowd"));

        assertThat(pool.decoders()).as("one decoder per camera").isEqualTo(2);
        assertThat(pool.subscriptions()).isEqualTo(3);

        now.addAndGet(FRAME);
        english.offer(frame(100));
        byte[] a = english.poll();
        byte[] b = spanish.poll();
        assertThat(a).isNotNull().isNotSameAs(b).isEqualTo(b);
        assertThat(a[0]).isEqualTo((byte) 100);
        assertThat(other.poll()).as("another camera's room").isNull();
        assertThat(english.state(now.get())).isEqualTo(SourceState.DELIVERING);
        assertThat(spanish.state(now.get())).isEqualTo(SourceState.DELIVERING);
    }

    @Test
    void aRoomThatSwitchesAway_leavesTheOthersTheirDecoder_andTheLastOneClosesIt() {
        MediaInput race = camera("race");
        StreamSource english = source("english", race);
        StreamSource spanish = source("spanish", race);

        english.close();
        assertThat(pool.decoders()).isEqualTo(1);
        now.addAndGet(FRAME);
        spanish.offer(frame(50));
        assertThat(spanish.poll()).isNotNull();

        spanish.close();
        assertThat(pool.decoders()).as("the last room gone, the decoder with it").isZero();
        StreamSource again = source("english", race);
        assertThat(pool.decoders()).as("a room that comes back starts a new one").isEqualTo(1);
        again.close();
    }

    @Test
    void aPausedBackup_takesNoFrames_whileTheOtherRoomGoesOn() {
        MediaInput cam = camera("shared");
        StreamSource onAir = source("a", cam);
        StreamSource backup = new StreamSource("b", SourceKind.FALLBACK_STREAM, cam, pool, line -> line).start();
        assertThat(pool.decoders()).as("a camera and the same URL as a backup: one decoder").isEqualTo(1);

        backup.pause();
        now.addAndGet(FRAME);
        onAir.offer(frame(70));
        assertThat(onAir.poll()).isNotNull();
        assertThat(backup.poll()).isNull();
        assertThat(backup.state(now.get())).isEqualTo(SourceState.PAUSED);

        backup.resume();
        onAir.offer(frame(80));
        assertThat(backup.poll()).isNotNull();
        assertThat(pool.subscriptions()).isEqualTo(2);
    }

    @Test
    void theDecoderFailing_isSeenByEveryRoomThatShowsIt() {
        MediaInput cam = camera("gone");
        StreamSource a = source("a", cam);
        StreamSource b = source("b", cam);
        // the decoder could not start (no such FFmpeg): both rooms say so
        assertThat(a.state(now.get()).problem()).startsWith("cannot start decoder");
        assertThat(b.state(now.get()).problem()).startsWith("cannot start decoder");
    }
}
