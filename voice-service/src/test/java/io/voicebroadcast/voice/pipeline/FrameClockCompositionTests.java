package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.LayoutKind;
import io.voicebroadcast.voice.pipeline.layout.OverlayMask;
import io.voicebroadcast.voice.pipeline.layout.OverlayPainter;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameClockCompositionTests {

    private static final VideoFormat FORMAT = new VideoFormat(64, 32, 50);
    private static final long TICK = FORMAT.frameIntervalNanos();

    /** Keeps a copy of every frame (the canvas is reused from tick to tick). */
    static final class Copies implements FrameClock.Output {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();

        @Override
        public void video(byte[] frame) {
            frames.add(frame.clone());
        }

        @Override
        public void audio(short[] chunk) {
        }

        byte[] last() {
            return frames.get(frames.size() - 1);
        }
    }

    /** A camera of one luma value, delivering when told, lost 100 ms after its last frame. */
    static FakeSource camera(Rect r, int luma) {
        return new FakeSource(SourceKind.PRIMARY_STREAM, solid(r.width(), r.height(), luma), new LossRule(Duration.ofMillis(100), Duration.ZERO));
    }

    static byte[] solid(int w, int h, int luma) {
        byte[] f = new byte[w * h * 3 / 2];
        Arrays.fill(f, 0, w * h, (byte) luma);
        Arrays.fill(f, w * h, f.length, (byte) 128);
        return f;
    }

    static int lumaAt(byte[] frame, Rect r) {
        return frame[(r.y() + r.height() / 2) * FORMAT.width() + r.x() + r.width() / 2] & 0xff;
    }

    private static SourceCascade cascadeOf(Rect r, VideoSource... sources) {
        SourceCascade c = new SourceCascade(StillSource.black(new VideoFormat(r.width(), r.height(), FORMAT.fps())), s -> { });
        for (VideoSource s : sources) {
            c.replace(s);
        }
        return c;
    }

    private static StillSource image(Rect r, int luma) {
        StillSource s = new StillSource(SourceKind.FALLBACK_IMAGE, "image");
        s.set(solid(r.width(), r.height(), luma));
        return s;
    }

    @Test
    void aGrid_showsEachSlotsCameraInItsRectangle_andOneLostCameraChangesOnlyItsSlot() {
        AtomicLong now = new AtomicLong(0);
        Copies out = new Copies();
        List<String> changes = new CopyOnWriteArrayList<>();
        Layout grid = Layout.of(LayoutKind.GRID);
        List<Rect> rects = grid.slots(FORMAT.width(), FORMAT.height());
        List<FakeSource> cameras = new ArrayList<>();
        List<Stage.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FakeSource cam = camera(rects.get(i), 40 + 40 * i).deliverAt(0);
            cameras.add(cam);
            slots.add(new Stage.Slot(rects.get(i), cascadeOf(rects.get(i), cam, image(rects.get(i), 230))));
        }
        Stage stage = new Stage(new Stage.Composition(grid, slots));
        try (FrameClock clock = new FrameClock("r", FORMAT, stage, new FrameClockTests.ToneWhenAsked(), out, now::get,
                (slot, prev, cur) -> changes.add(slot + ":" + cur.kind())).start()) {
            await().until(() -> out.frames.size() == 1);
            for (int i = 0; i < 4; i++) {
                assertThat(lumaAt(out.last(), rects.get(i))).as("slot %d", i).isEqualTo(40 + 40 * i);
            }
            // slot 2's camera stops; the others go on
            for (long t = TICK; t <= Duration.ofMillis(200).toNanos(); t += TICK) {
                for (int i : new int[] {0, 1, 3}) {
                    cameras.get(i).deliverAt(t);
                }
                now.set(t);
                int expected = (int) (t / TICK) + 1;
                await().until(() -> out.frames.size() >= expected);
            }
            assertThat(lumaAt(out.last(), rects.get(2))).isEqualTo(230);
            for (int i : new int[] {0, 1, 3}) {
                assertThat(lumaAt(out.last(), rects.get(i))).as("slot %d", i).isEqualTo(40 + 40 * i);
            }
            assertThat(clock.onAir(2).kind()).isEqualTo(SourceKind.FALLBACK_IMAGE);
            assertThat(clock.onAir(0).kind()).isEqualTo(SourceKind.PRIMARY_STREAM);
        }
        assertThat(changes).containsExactly("0:PRIMARY_STREAM", "1:PRIMARY_STREAM", "2:PRIMARY_STREAM", "3:PRIMARY_STREAM",
                "2:FALLBACK_IMAGE");
    }

    @Test
    void aLayoutSwitch_keepsTheOldPictureUntilTheNewSlotsHaveFrames_thenCutsOverOnOneTick() {
        AtomicLong now = new AtomicLong(0);
        Copies out = new Copies();
        Rect full = new Rect(0, 0, FORMAT.width(), FORMAT.height());
        FakeSource main = camera(full, 60).deliverAt(0);
        Stage stage = Stage.single(FORMAT, cascadeOf(full, main));
        Layout pip = new Layout(LayoutKind.PIP, Corner.TOP_LEFT);
        List<Rect> rects = pip.slots(FORMAT.width(), FORMAT.height());
        FakeSource newMain = camera(rects.get(0), 90);
        FakeSource inset = camera(rects.get(1), 200);
        List<Stage.Composition> replaced = new CopyOnWriteArrayList<>();
        try (FrameClock clock = new FrameClock("r", FORMAT, stage, new FrameClockTests.ToneWhenAsked(), out, now::get,
                (slot, prev, cur) -> { }).start()) {
            await().until(() -> out.frames.size() == 1);
            Stage.Composition old = stage.current();
            stage.switchTo(new Stage.Composition(pip, List.of(new Stage.Slot(rects.get(0), cascadeOf(rects.get(0), newMain)),
                    new Stage.Slot(rects.get(1), cascadeOf(rects.get(1), inset)))), Duration.ofSeconds(5).toNanos(), replaced::add);
            now.set(TICK);
            newMain.deliverAt(TICK); // the inset has no frame yet: still the old picture
            await().until(() -> out.frames.size() == 2);
            assertThat(lumaAt(out.last(), rects.get(0))).isEqualTo(60);
            assertThat(replaced).isEmpty();

            inset.deliverAt(2 * TICK);
            now.set(2 * TICK);
            await().until(() -> out.frames.size() == 3);
            assertThat(lumaAt(out.last(), new Rect(FORMAT.width() - 2, FORMAT.height() - 2, 2, 2))).isEqualTo(90);
            assertThat(lumaAt(out.last(), rects.get(1))).isEqualTo(200);
            assertThat(replaced).containsExactly(old);
            assertThat(clock.onAir(1)).isSameAs(inset);
        }
    }

    @Test
    void aLayoutSwitch_whoseCameraNeverComes_cutsOverAtItsDeadline() {
        AtomicLong now = new AtomicLong(0);
        Copies out = new Copies();
        Rect full = new Rect(0, 0, FORMAT.width(), FORMAT.height());
        Stage stage = Stage.single(FORMAT, cascadeOf(full, camera(full, 60).deliverAt(0)));
        Layout sbs = Layout.of(LayoutKind.SIDE_BY_SIDE);
        List<Rect> rects = sbs.slots(FORMAT.width(), FORMAT.height());
        try (FrameClock clock = new FrameClock("r", FORMAT, stage, new FrameClockTests.ToneWhenAsked(), out, now::get,
                (slot, prev, cur) -> { }).start()) {
            await().until(() -> out.frames.size() == 1);
            stage.switchTo(new Stage.Composition(sbs, List.of(new Stage.Slot(rects.get(0), cascadeOf(rects.get(0), camera(rects.get(0), 90))),
                    new Stage.Slot(rects.get(1), cascadeOf(rects.get(1), image(rects.get(1), 150))))), 3 * TICK, c -> { });
            now.set(3 * TICK);
            await().until(() -> out.frames.size() == 4);
            assertThat(lumaAt(out.last(), rects.get(0))).isEqualTo(16); // the camera never came: black in its slot
            assertThat(lumaAt(out.last(), rects.get(1))).isEqualTo(150);
        }
    }

    @Test
    void anOverlay_isBlendedIntoTheNextFrame_andASingleLayoutsFramesAreOtherwiseUntouched() {
        AtomicLong now = new AtomicLong(0);
        Copies out = new Copies();
        Rect full = new Rect(0, 0, FORMAT.width(), FORMAT.height());
        FakeSource cam = camera(full, 60).deliverAt(0);
        Stage stage = Stage.single(FORMAT, cascadeOf(full, cam));
        try (FrameClock clock = new FrameClock("r", FORMAT, stage, new FrameClockTests.ToneWhenAsked(), out, now::get,
                (slot, prev, cur) -> { }).start()) {
            await().until(() -> out.frames.size() == 1);
            assertThat(out.last()).isEqualTo(cam.frame());
            OverlayMask mask = OverlayMask.of(OverlayPainter.paint(FORMAT.width(), FORMAT.height(), null,
                    new OverlayPainter.Text("LIVE", TextStyle.TITLE)));
            stage.overlay(mask);
            now.set(TICK);
            await().until(() -> out.frames.size() == 2);
            assertThat(out.last()).isNotEqualTo(cam.frame());
            assertThat(cam.frame()[0]).isEqualTo((byte) 60); // the source's own frame is never drawn on
            stage.overlay(null);
            now.set(2 * TICK);
            await().until(() -> out.frames.size() == 3);
            assertThat(out.last()).isEqualTo(cam.frame());
        }
    }
}
