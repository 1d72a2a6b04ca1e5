package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScaledSourceTests {

    private static final LossRule RULE = new LossRule(Duration.ofSeconds(1), Duration.ZERO);

    /** A frame whose left half has luma {@code left} and right half {@code right}; chroma 128. */
    private static byte[] halves(VideoFormat f, int left, int right) {
        byte[] frame = StillSource.blackFrame(f);
        for (int y = 0; y < f.height(); y++) {
            Arrays.fill(frame, y * f.width(), y * f.width() + f.width() / 2, (byte) left);
            Arrays.fill(frame, y * f.width() + f.width() / 2, (y + 1) * f.width(), (byte) right);
        }
        return frame;
    }

    private static int luma(byte[] frame, VideoFormat f, int x, int y) {
        return frame[y * f.width() + x] & 0xff;
    }

    @Test
    void aWiderPicture_isScaledToTheTargetsWidth_withBlackBarsAboveAndBelow() {
        VideoFormat from = new VideoFormat(64, 32, 30);
        VideoFormat to = new VideoFormat(32, 32, 30);
        FakeSource camera = new FakeSource(SourceKind.PRIMARY_STREAM, halves(from, 50, 200), RULE).deliverAt(0);
        ScaledSource scaled = new ScaledSource(camera, from, to);

        byte[] out = scaled.poll();

        assertThat(out).hasSize(to.frameBytes());
        assertThat(luma(out, to, 4, 2)).as("bar above").isEqualTo(16);
        assertThat(luma(out, to, 4, 16)).isEqualTo(50);
        assertThat(luma(out, to, 28, 16)).isEqualTo(200);
        assertThat(luma(out, to, 28, 30)).as("bar below").isEqualTo(16);
        assertThat(scaled.poll()).as("nothing new").isNull();
        assertThat(scaled.lastFrame()).isSameAs(out);
        assertThat(scaled.kind()).isEqualTo(SourceKind.PRIMARY_STREAM);
    }

    @Test
    void aBridge_makesANewSlotReady_andTheCamerasOwnDecoderReplacesItOnItsFirstFrame() {
        VideoFormat from = new VideoFormat(64, 32, 30);
        VideoFormat to = new VideoFormat(32, 16, 30);
        java.util.List<VideoSource> retired = new java.util.ArrayList<>();
        SourceCascade slot = new SourceCascade(StillSource.black(to), retired::add);
        ScaledSource bridge = new ScaledSource(new FakeSource(SourceKind.PRIMARY_STREAM, halves(from, 50, 200), RULE).deliverAt(0),
                from, to);
        FakeSource own = new FakeSource(SourceKind.PRIMARY_STREAM, halves(to, 90, 90), RULE);
        slot.replace(bridge);
        slot.replaceWhenReady(own);

        assertThat(slot.firstChoiceHasFrame()).as("the bridge has frames").isTrue();
        assertThat(slot.select(0)).isSameAs(bridge);
        own.deliverAt(10);
        assertThat(slot.select(20)).isSameAs(own);
        assertThat(retired).containsExactly(bridge);
    }
}
