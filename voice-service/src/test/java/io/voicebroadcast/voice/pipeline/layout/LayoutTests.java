package io.voicebroadcast.voice.pipeline.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutTests {

    @ParameterizedTest
    @CsvSource({"1280,720", "1920,1080", "854,480", "1270,718", "640,360", "34,32"})
    void everyLayout_hasEvenRectanglesInsideTheFrame_oneASlot(int width, int height) {
        for (LayoutKind kind : LayoutKind.values()) {
            for (Corner corner : Corner.values()) {
                List<Rect> slots = new Layout(kind, corner).slots(width, height);
                assertThat(slots).as("%s", kind).hasSize(kind.slots());
                for (Rect r : slots) {
                    assertThat(r.x() % 2 + r.y() % 2 + r.width() % 2 + r.height() % 2).isZero();
                    assertThat(r.x() + r.width()).isLessThanOrEqualTo(width);
                    assertThat(r.y() + r.height()).isLessThanOrEqualTo(height);
                    assertThat(r.width()).isGreaterThanOrEqualTo(16);
                    assertThat(r.height()).isGreaterThanOrEqualTo(16);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1280,720", "1270,718", "854,480", "34,32"})
    void sideBySideAndGrid_coverTheWholeFrame_withoutOverlaps(int width, int height) {
        for (LayoutKind kind : List.of(LayoutKind.SINGLE, LayoutKind.SIDE_BY_SIDE, LayoutKind.GRID)) {
            List<Rect> slots = Layout.of(kind).slots(width, height);
            for (int i = 0; i < slots.size(); i++) {
                for (int j = i + 1; j < slots.size(); j++) {
                    assertThat(slots.get(i).overlaps(slots.get(j))).as("%s slots %d and %d", kind, i, j).isFalse();
                }
            }
            assertThat(slots.stream().mapToLong(Rect::area).sum()).as("%s", kind).isEqualTo((long) width * height);
        }
    }

    @Test
    void grid_putsSlotsInReadingOrder() {
        List<Rect> slots = Layout.of(LayoutKind.GRID).slots(1280, 720);
        assertThat(slots).containsExactly(new Rect(0, 0, 640, 360), new Rect(640, 0, 640, 360),
                new Rect(0, 360, 640, 360), new Rect(640, 360, 640, 360));
    }

    @Test
    void pip_putsItsInsetInTheChosenCorner_overTheFullMainPicture() {
        List<Rect> br = new Layout(LayoutKind.PIP, Corner.BOTTOM_RIGHT).slots(1280, 720);
        assertThat(br.get(0)).isEqualTo(new Rect(0, 0, 1280, 720));
        Rect inset = br.get(1);
        assertThat(inset.width()).isEqualTo(384);
        assertThat(inset.height()).isEqualTo(216);
        assertThat(inset.x() + inset.width()).isLessThan(1280);
        assertThat(inset.y() + inset.height()).isLessThan(720);
        assertThat(inset.x()).isGreaterThan(640);
        Rect tl = new Layout(LayoutKind.PIP, Corner.TOP_LEFT).slots(1280, 720).get(1);
        assertThat(tl.x()).isLessThan(100);
        assertThat(tl.y()).isLessThan(100);
    }

    @Test
    void unknownNames_areRefused_namingWhatIsKnown() {
        assertThatThrownBy(() -> LayoutKind.fromApi("mosaic")).hasMessageContaining("single, pip, side_by_side, grid");
        assertThatThrownBy(() -> Corner.fromApi("middle")).hasMessageContaining("top_left");
        assertThat(LayoutKind.fromApi("side_by_side")).isEqualTo(LayoutKind.SIDE_BY_SIDE);
        assertThat(Corner.fromApi("bottom_left")).isEqualTo(Corner.BOTTOM_LEFT);
    }

    @Test
    void oddRectangles_areRefused() {
        assertThatThrownBy(() -> new Rect(1, 0, 16, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rect(0, 0, 15, 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
