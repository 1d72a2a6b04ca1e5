package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.voice.audio.AudioFormat;
import io.voicebroadcast.voice.audio.AudioSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameClockTests {

    private static final VideoFormat FORMAT = new VideoFormat(16, 16, 50);

    /** Counts what reaches the encoder side. */
    static final class Recorder implements FrameClock.Output {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final AtomicInteger chunks = new AtomicInteger();
        final AtomicInteger soundChunks = new AtomicInteger();

        @Override
        public void video(byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void audio(short[] chunk) {
            chunks.incrementAndGet();
            if (chunk[0] != 0) {
                soundChunks.incrementAndGet();
            }
        }
    }

    static final class ToneWhenAsked implements AudioSource {
        volatile boolean sound;
        volatile short amplitude = 1000; // -30 dBFS

        @Override
        public boolean read(short[] chunk) {
            java.util.Arrays.fill(chunk, sound ? amplitude : 0);
            return sound;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void ticksCountFromStart_soAFrozenClockThreadCatchesUpInsteadOfDrifting() {
        // A controllable time source: the clock sees time jump by 1 s at once, as after a GC pause.
        AtomicLong now = new AtomicLong(0);
        Recorder out = new Recorder();
        SourceCascade cascade = new SourceCascade(StillSource.black(FORMAT), s -> { });
        try (FrameClock clock = new FrameClock("r", FORMAT, cascade, new ToneWhenAsked(), out, now::get, (a, b) -> { }).start()) {
            await().atMost(Duration.ofSeconds(2)).until(() -> out.frames.size() == 1 && out.chunks.get() == 1);
            now.set(Duration.ofSeconds(1).toNanos());
            await().atMost(Duration.ofSeconds(2)).until(() -> out.frames.size() == 51 && out.chunks.get() == 51);
            assertThat(clock.lateTicks()).isGreaterThan(40);
        }
        assertThat(out.frames).hasSize(51);
        assertThat(out.chunks.get()).as("50 chunks of 20 ms per second, exactly").isEqualTo(51);
    }

    @Test
    void silenceIsWritten_whenNoAudioArrives_andSoundWhenItDoes() {
        Recorder out = new Recorder();
        ToneWhenAsked audio = new ToneWhenAsked();
        SourceCascade cascade = new SourceCascade(StillSource.black(FORMAT), s -> { });
        try (FrameClock clock = new FrameClock("r", FORMAT, cascade, audio, out, System::nanoTime, (a, b) -> { }).start()) {
            await().atMost(Duration.ofSeconds(2)).until(() -> out.chunks.get() >= 10);
            assertThat(out.soundChunks.get()).isZero();
            audio.sound = true;
            await().atMost(Duration.ofSeconds(2)).until(() -> out.soundChunks.get() >= 10);
            assertThat(clock.lastAudioNanos()).isPositive();
        }
    }

    @Test
    void audioThatArrivesButIsInaudible_isSilence_untilSomeoneIsHeard() {
        Recorder out = new Recorder();
        ToneWhenAsked audio = new ToneWhenAsked();
        audio.amplitude = 10; // -70 dBFS: a muted microphone's dither
        audio.sound = true;
        SourceCascade cascade = new SourceCascade(StillSource.black(FORMAT), s -> { });
        try (FrameClock clock = new FrameClock("r", FORMAT, cascade, audio, out, System::nanoTime, (a, b) -> { }).start()) {
            await().atMost(Duration.ofSeconds(2)).until(() -> out.soundChunks.get() >= 10);
            assertThat(clock.lastAudioNanos()).as("audio arrives").isPositive();
            assertThat(clock.lastSoundNanos()).as("but nobody is heard").isZero();
            audio.amplitude = 1000;
            await().atMost(Duration.ofSeconds(2)).until(() -> clock.lastSoundNanos() != 0);
        }
    }

    @Test
    void primaryStops_clockRepeatsItsLastFrameUntilTheThreshold_thenFallbackIsOnAir() {
        AtomicLong now = new AtomicLong(0);
        Recorder out = new Recorder();
        List<String> changes = new CopyOnWriteArrayList<>();
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1, new LossRule(Duration.ofMillis(100), Duration.ZERO)).deliverAt(0);
        StillSource image = new StillSource(SourceKind.FALLBACK_IMAGE, "image");
        image.set(new byte[] {2});
        SourceCascade cascade = new SourceCascade(StillSource.black(FORMAT), s -> { });
        cascade.replace(primary);
        cascade.replace(image);
        try (FrameClock clock = new FrameClock("r", FORMAT, cascade, new ToneWhenAsked(), out, now::get,
                (prev, cur) -> changes.add(cur.kind().name())).start()) {
            await().until(() -> out.frames.size() == 1);
            assertThat(out.frames.get(0)).isSameAs(primary.frame());

            now.set(Duration.ofMillis(100).toNanos()); // 5 ticks later, at the threshold: still primary (repeated)
            await().until(() -> out.frames.size() == 6);
            assertThat(out.frames.get(5)).isSameAs(primary.frame());

            now.set(Duration.ofMillis(120).toNanos()); // the next tick is past the threshold
            await().until(() -> out.frames.size() == 7);
            assertThat(out.frames.get(6)).isSameAs(image.lastFrame());
            assertThat(clock.onAir()).isSameAs(image);
        }
        assertThat(changes).containsExactly("PRIMARY_STREAM", "FALLBACK_IMAGE");
    }

    @Test
    void audioChunk_isTwentyMillisecondsOfStereoAt48k() {
        assertThat(AudioFormat.CHUNK_VALUES).isEqualTo(1920);
        assertThat(AudioFormat.CHUNK_BYTES).isEqualTo(3840);
    }

    @Test
    void copyNextFrame_copiesTheFrameOfTheNextTick_onceAndOnlyWhenAsked() throws Exception {
        AtomicLong now = new AtomicLong(0);
        Recorder out = new Recorder();
        StillSource image = new StillSource(SourceKind.FALLBACK_IMAGE, "image");
        byte[] picture = new byte[FORMAT.frameBytes()];
        java.util.Arrays.fill(picture, (byte) 77);
        image.set(picture);
        SourceCascade cascade = new SourceCascade(StillSource.black(FORMAT), s -> { });
        cascade.replace(image);
        try (FrameClock clock = new FrameClock("r", FORMAT, cascade, new ToneWhenAsked(), out, now::get, (a, b) -> { }).start()) {
            await().until(() -> out.frames.size() == 1);
            byte[] copy = new byte[FORMAT.frameBytes()];
            Thread asker = new Thread(() -> {
                try {
                    assertThat(clock.copyNextFrame(copy, Duration.ofSeconds(5).toNanos())).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            asker.start();
            await().pollDelay(Duration.ofMillis(50)).until(() -> true);
            assertThat(copy).as("nothing is copied before the tick").containsOnly(0);
            now.set(FORMAT.frameIntervalNanos());
            asker.join(5000);
            assertThat(copy).containsOnly(77);
            assertThat(copy).isNotSameAs(out.frames.get(1));
        }
    }

    @Test
    void copyNextFrame_givesUp_whenTheClockDoesNotTick() throws Exception {
        SourceCascade cascade = new SourceCascade(StillSource.black(FORMAT), s -> { });
        FrameClock stopped = new FrameClock("r", FORMAT, cascade, new ToneWhenAsked(), new Recorder(), System::nanoTime, (a, b) -> { });
        long start = System.nanoTime();
        assertThat(stopped.copyNextFrame(new byte[FORMAT.frameBytes()], Duration.ofMillis(100).toNanos())).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        // withdrawn: a later request is not refused as a second one
        assertThat(stopped.copyNextFrame(new byte[FORMAT.frameBytes()], 1_000_000)).isFalse();
    }
}
