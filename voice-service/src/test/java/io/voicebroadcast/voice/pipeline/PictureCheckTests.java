package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.voice.pipeline.PictureCheck.Loss;
import io.voicebroadcast.voice.pipeline.PictureCheck.Measurement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PictureCheckTests {

    static final VideoFormat HD = new VideoFormat(1280, 720, 30);
    private static final long MS = 1_000_000L;
    private static final long FRAME = HD.frameIntervalNanos();
    /** The defaults of VOICE_STREAMING_BLACK_*: lit above 32, mean at most 24, at most 2 % lit. */
    static final PictureCheck.Settings DEFAULTS = new PictureCheck.Settings(Duration.ofMillis(5000), Duration.ZERO, 32, 24, 2.0);

    private final Random random = new Random(15);

    /** A frame of uniform luma (chroma neutral). */
    static byte[] frame(int luma) {
        byte[] f = StillSource.blackFrame(HD);
        Arrays.fill(f, 0, HD.width() * HD.height(), (byte) luma);
        return f;
    }

    /** Paints a w x h rectangle of luma at (x, y). */
    static byte[] patch(byte[] frame, int x, int y, int w, int h, int luma) {
        for (int row = y; row < y + h; row++) {
            Arrays.fill(frame, row * HD.width() + x, row * HD.width() + x + w, (byte) luma);
        }
        return frame;
    }

    private byte[] noise() {
        byte[] f = frame(0);
        for (int i = 0; i < HD.width() * HD.height(); i++) {
            f[i] = (byte) random.nextInt(256);
        }
        return f;
    }

    /** The same picture with encoder-like noise: every sample moved by up to +-12 levels. */
    private byte[] jitter(byte[] picture) {
        byte[] f = picture.clone();
        for (int i = 0; i < HD.width() * HD.height(); i++) {
            f[i] = (byte) Math.max(0, Math.min(255, (f[i] & 0xFF) + random.nextInt(25) - 12));
        }
        return f;
    }

    private static PictureCheck check(long blackMs, long frozenMs) {
        return new PictureCheck(HD, new PictureCheck.Settings(Duration.ofMillis(blackMs), Duration.ofMillis(frozenMs), 32, 24, 2.0));
    }

    @Test
    void aFewThousandSamples_perFrame_whateverTheSize() {
        assertThat(new PictureCheck(HD, DEFAULTS).samples()).isBetween(3000, 5000);
        assertThat(new PictureCheck(new VideoFormat(640, 360, 30), DEFAULTS).samples()).isBetween(3000, 5000);
        assertThat(new PictureCheck(new VideoFormat(1920, 1080, 30), DEFAULTS).samples()).isBetween(3000, 5000);
        assertThat(new PictureCheck(new VideoFormat(16, 16, 30), DEFAULTS).samples()).isEqualTo(256);
    }

    @Test
    void fullRangeBlack_isBlack() {
        Measurement m = new PictureCheck(HD, DEFAULTS).measure(frame(0), 0);
        assertThat(m.black()).isTrue();
        assertThat(m.meanLuma()).isZero();
        assertThat(m.coverage()).isZero();
    }

    @Test
    void limitedRangeBlack16_isBlack() {
        Measurement m = new PictureCheck(HD, DEFAULTS).measure(StillSource.blackFrame(HD), 0);
        assertThat(m.black()).isTrue();
        assertThat(m.meanLuma()).isEqualTo(16.0);
    }

    @Test
    void loadingScreen_blackWithASmallSpinner_isBlack() {
        byte[] loading = patch(frame(16), 600, 320, 80, 80, 235); // 0.7 % of the picture
        Measurement m = new PictureCheck(HD, DEFAULTS).measure(loading, 0);
        assertThat(m.coverage()).isBetween(0.002, 0.02);
        assertThat(m.black()).isTrue();
    }

    @Test
    void darkGameScene_withALitPatch_isNotBlack() {
        byte[] night = patch(frame(20), 900, 100, 200, 150, 200); // a lit window: 3.3 % of the picture
        Measurement m = new PictureCheck(HD, DEFAULTS).measure(night, 0);
        assertThat(m.meanLuma()).as("dark on average").isLessThan(30);
        assertThat(m.coverage()).isGreaterThan(0.02);
        assertThat(m.black()).isFalse();
    }

    @Test
    void dimButVisiblePicture_isNotBlack() {
        assertThat(new PictureCheck(HD, DEFAULTS).measure(frame(40), 0).black()).as("every sample lit").isFalse();
        assertThat(new PictureCheck(HD, DEFAULTS).measure(frame(28), 0).black()).as("none lit, but the mean above 24").isFalse();
        assertThat(new PictureCheck(HD, DEFAULTS).measure(jitter(frame(16)), 0).black()).as("noisy black").isTrue();
    }

    @Test
    void noise_isNeitherBlackNorUnchanged() {
        PictureCheck c = new PictureCheck(HD, DEFAULTS);
        c.measure(noise(), 0);
        Measurement m = c.measure(noise(), FRAME);
        assertThat(m.black()).isFalse();
        assertThat(m.meanLuma()).isBetween(120.0, 135.0);
        assertThat(m.changed()).isTrue();
        assertThat(m.changedFraction()).isGreaterThan(0.5);
    }

    @Test
    void identicalFrames_areUnchanged_andEncoderNoiseIsNoChange_butASmallMovingObjectIs() {
        PictureCheck c = new PictureCheck(HD, DEFAULTS);
        byte[] scene = noise();
        assertThat(c.measure(scene, 0).changed()).as("the first frame").isTrue();
        assertThat(c.measure(scene.clone(), FRAME).changed()).isFalse();
        assertThat(c.measure(jitter(scene), 2 * FRAME).changed()).as("+-12 levels everywhere").isFalse();

        PictureCheck moving = new PictureCheck(HD, DEFAULTS);
        byte[] grey = frame(100);
        moving.measure(patch(grey.clone(), 100, 100, 64, 64, 250), 0);
        Measurement m = moving.measure(patch(grey.clone(), 180, 100, 64, 64, 250), FRAME);
        assertThat(m.changed()).as("a 64x64 object moved").isTrue();
    }

    @Test
    void blackPicture_isLostAfterTheBlackThreshold_countedFromItsFirstBlackFrame() {
        PictureCheck c = check(5000, 0);
        c.measure(frame(120), 0);
        long firstBlack = 10 * FRAME;
        for (long t = firstBlack; t < firstBlack + 5000 * MS; t += FRAME) {
            c.measure(frame(16), t);
        }
        assertThat(c.loss(firstBlack + 5000 * MS - 1)).isNull();
        assertThat(c.loss(firstBlack + 5000 * MS)).isEqualTo(Loss.BLACK);
        assertThat(Loss.BLACK.description()).isEqualTo("black picture");
    }

    @Test
    void oneLitFrame_endsTheLoss_andTheNextBlackRunStartsAfresh() {
        PictureCheck c = check(1000, 0);
        c.measure(frame(16), 0);
        c.measure(frame(16), 1200 * MS);
        assertThat(c.loss(1200 * MS)).isEqualTo(Loss.BLACK);

        c.measure(frame(120), 1233 * MS);
        assertThat(c.loss(1233 * MS)).isNull();
        c.measure(frame(16), 1266 * MS);
        assertThat(c.loss(2265 * MS)).isNull();
        assertThat(c.loss(2266 * MS)).isEqualTo(Loss.BLACK);
    }

    @Test
    void aGapWithoutFrames_isNoPicture_soACameraBlackWhenItDroppedIsNotLostTheMomentItReturns() {
        PictureCheck c = check(1000, 3000);
        c.measure(frame(16), 0);
        c.measure(frame(16), 500 * MS); // black when it dropped, frozen too
        long back = 500 * MS + PictureCheck.FRAME_GAP_NANOS + 1;
        c.measure(frame(16), back);
        assertThat(c.loss(back)).as("the black run starts afresh at its return").isNull();
        assertThat(c.loss(back + 999 * MS)).isNull();
        assertThat(c.loss(back + 1000 * MS)).isEqualTo(Loss.BLACK);

        PictureCheck frozen = check(0, 1000);
        byte[] scene = noise();
        frozen.measure(scene, 0);
        frozen.measure(scene, 3000 * MS);
        assertThat(frozen.loss(3000 * MS)).as("unchanged across the gap is not frozen").isNull();
    }

    @Test
    void blackThresholdZero_turnsTheBlackCheckOff() {
        PictureCheck c = check(0, 0);
        c.measure(frame(0), 0);
        c.measure(frame(0), 60_000 * MS);
        assertThat(c.loss(60_000 * MS)).isNull();
        assertThat(PictureCheck.Settings.OFF.enabled()).isFalse();
        assertThat(DEFAULTS.enabled()).isTrue();
    }

    @Test
    void frozenPicture_isLostOnlyWhenEnabled_afterTheFrozenThreshold_fromItsLastChange() {
        byte[] scene = noise();
        PictureCheck off = check(5000, 0);
        PictureCheck on = check(5000, 3000);
        for (long t = 0; t <= 10_000 * MS; t += FRAME) {
            off.measure(scene, t);
            on.measure(scene, t);
        }
        assertThat(off.loss(10_000 * MS)).as("off by default").isNull();
        assertThat(on.loss(10_000 * MS)).isEqualTo(Loss.FROZEN);
        assertThat(on.loss(3000 * MS - 1)).isNull();

        on.measure(noise(), 10_033 * MS);
        assertThat(on.loss(10_033 * MS)).as("changed").isNull();
        on.measure(scene, 10_066 * MS);
        assertThat(on.loss(13_065 * MS)).isNull();
        assertThat(on.loss(13_066 * MS)).isEqualTo(Loss.FROZEN);
    }

    @Test
    void blackAndFrozen_saysBlack() {
        PictureCheck c = check(2000, 1000);
        for (long t = 0; t <= 3000 * MS; t += FRAME) {
            c.measure(frame(16), t);
        }
        assertThat(c.loss(1500 * MS)).isEqualTo(Loss.FROZEN);
        assertThat(c.loss(3000 * MS)).isEqualTo(Loss.BLACK);
    }

    @Test
    void reset_forgetsThePicturesSeen() {
        PictureCheck c = check(1000, 1000);
        c.measure(frame(16), 0);
        c.measure(frame(16), 2000 * MS);
        assertThat(c.loss(2000 * MS)).isEqualTo(Loss.BLACK);

        c.reset();
        assertThat(c.loss(2000 * MS)).isNull();
        Measurement m = c.measure(frame(16), 3000 * MS);
        assertThat(m.changed()).as("the first frame after a reset").isTrue();
        assertThat(c.loss(3999 * MS)).isNull();
        assertThat(c.loss(4000 * MS)).isEqualTo(Loss.BLACK);
    }

    @Test
    void settings_areValidated() {
        assertThatThrownBy(() -> new PictureCheck.Settings(Duration.ofMillis(-1), Duration.ZERO, 32, 24, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PictureCheck.Settings(Duration.ZERO, Duration.ZERO, 256, 24, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PictureCheck.Settings(Duration.ZERO, Duration.ZERO, 32, 24, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
