package io.voicebroadcast.voice.pipeline.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CanvasTests {

    /** A yuv420p frame of one colour. */
    static byte[] solid(int w, int h, int y, int u, int v) {
        byte[] f = new byte[w * h * 3 / 2];
        Arrays.fill(f, 0, w * h, (byte) y);
        Arrays.fill(f, w * h, w * h + w * h / 4, (byte) u);
        Arrays.fill(f, w * h + w * h / 4, f.length, (byte) v);
        return f;
    }

    static int[] yuvAt(byte[] frame, int w, int h, int x, int y) {
        int luma = w * h;
        int c = (y / 2) * (w / 2) + x / 2;
        return new int[] {frame[y * w + x] & 0xff, frame[luma + c] & 0xff, frame[luma + luma / 4 + c] & 0xff};
    }

    @Test
    void eachSlotsFrame_landsInItsRectangle_planeByPlane() {
        Canvas canvas = new Canvas(64, 32);
        var slots = Layout.of(LayoutKind.GRID).slots(64, 32);
        int[][] colours = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {210, 16, 146}};
        for (int i = 0; i < 4; i++) {
            Rect r = slots.get(i);
            canvas.draw(r, solid(r.width(), r.height(), colours[i][0], colours[i][1], colours[i][2]));
        }
        for (int i = 0; i < 4; i++) {
            Rect r = slots.get(i);
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    assertThat(yuvAt(canvas.frame(), 64, 32, x, y)).as("slot %d at %d,%d", i, x, y).containsExactly(colours[i]);
                }
            }
        }
    }

    @Test
    void anInset_isDrawnOverTheMainPicture_leavingTheRestOfIt() {
        Canvas canvas = new Canvas(64, 64);
        var slots = new Layout(LayoutKind.PIP, Corner.TOP_RIGHT).slots(64, 64);
        canvas.draw(slots.get(0), solid(64, 64, 100, 110, 120));
        Rect inset = slots.get(1);
        canvas.draw(inset, solid(inset.width(), inset.height(), 200, 60, 70));
        assertThat(yuvAt(canvas.frame(), 64, 64, inset.x() + 1, inset.y() + 1)).containsExactly(200, 60, 70);
        assertThat(yuvAt(canvas.frame(), 64, 64, 2, 60)).containsExactly(100, 110, 120);
    }

    @Test
    void aClearedCanvas_isBlack() {
        Canvas canvas = new Canvas(32, 32);
        canvas.draw(new Rect(0, 0, 32, 32), solid(32, 32, 200, 1, 2));
        canvas.clear();
        assertThat(yuvAt(canvas.frame(), 32, 32, 5, 5)).containsExactly(16, 128, 128);
    }
}
