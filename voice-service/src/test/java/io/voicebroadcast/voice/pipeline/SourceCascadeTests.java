package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceCascadeTests {

    private static final long MS = 1_000_000L;
    private static final long THRESHOLD = 1000 * MS;

    private final List<VideoSource> retired = new ArrayList<>();
    private final StillSource black = StillSource.black(new VideoFormat(16, 16, 30));
    private final SourceCascade cascade = new SourceCascade(THRESHOLD, black, retired::add);

    @Test
    void nothingConfigured_putsBlackOnAir() {
        assertThat(cascade.select(0)).isSameAs(black);
    }

    @Test
    void deliveringPrimary_winsOverEveryFallback() {
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1).deliverAt(0);
        FakeSource image = new FakeSource(SourceKind.FALLBACK_IMAGE, 2).deliverAt(0);
        cascade.replace(image);
        cascade.replace(primary);

        assertThat(cascade.select(10 * MS)).isSameAs(primary);
    }

    @Test
    void primaryLoss_putsNextDeliveringSourceOnAir_afterTheThreshold() {
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1).deliverAt(0);
        StillSource image = still(SourceKind.FALLBACK_IMAGE);
        cascade.replace(primary);
        cascade.replace(image);

        assertThat(cascade.select(THRESHOLD)).as("still within the threshold").isSameAs(primary);
        assertThat(cascade.select(THRESHOLD + 1)).as("lost one nanosecond later").isSameAs(image);
    }

    @Test
    void cascadeOrder_isPrimaryThenBackupThenImageThenDefaultThenBlack() {
        FakeSource backup = new FakeSource(SourceKind.FALLBACK_STREAM, 2).deliverAt(0);
        FakeSource image = new FakeSource(SourceKind.FALLBACK_IMAGE, 3).deliverAt(0);
        FakeSource def = new FakeSource(SourceKind.DEFAULT, 4).deliverAt(0);
        cascade.replace(def);
        cascade.replace(image);
        cascade.replace(backup);

        assertThat(cascade.select(0)).isSameAs(backup);
        cascade.clear(SourceKind.FALLBACK_STREAM);
        assertThat(cascade.select(0)).isSameAs(image);
        cascade.clear(SourceKind.FALLBACK_IMAGE);
        assertThat(cascade.select(0)).isSameAs(def);
        cascade.clear(SourceKind.DEFAULT);
        assertThat(cascade.select(0)).isSameAs(black);
    }

    @Test
    void sourceThatNeverDelivered_isSkipped() {
        cascade.replace(new FakeSource(SourceKind.PRIMARY_STREAM, 1));
        FakeSource def = new FakeSource(SourceKind.DEFAULT, 4).deliverAt(0);
        cascade.replace(def);

        assertThat(cascade.select(0)).isSameAs(def);
    }

    @Test
    void plannedSwitch_keepsOldCameraUntilNewOneDecodesItsFirstFrame_thenRetiresOld() {
        FakeSource oldCam = new FakeSource(SourceKind.PRIMARY_STREAM, 1).deliverAt(0);
        FakeSource newCam = new FakeSource(SourceKind.PRIMARY_STREAM, 9);
        cascade.replace(oldCam);

        cascade.replaceWhenReady(newCam);
        oldCam.deliverAt(5 * MS);
        assertThat(cascade.select(5 * MS)).isSameAs(oldCam);
        assertThat(retired).isEmpty();

        newCam.deliverAt(6 * MS);
        assertThat(cascade.select(6 * MS)).isSameAs(newCam);
        assertThat(retired).containsExactly(oldCam);
    }

    @Test
    void plannedSwitch_superseded_retiresThePendingOne() {
        FakeSource cam = new FakeSource(SourceKind.PRIMARY_STREAM, 1).deliverAt(0);
        FakeSource second = new FakeSource(SourceKind.PRIMARY_STREAM, 2);
        FakeSource third = new FakeSource(SourceKind.PRIMARY_STREAM, 3);
        cascade.replace(cam);

        cascade.replaceWhenReady(second);
        cascade.replaceWhenReady(third);

        assertThat(retired).containsExactly(second);
        assertThat(cascade.all()).contains(cam, third).doesNotContain(second);
    }

    @Test
    void plannedSwitchIntoEmptyRung_takesItAtOnce() {
        FakeSource cam = new FakeSource(SourceKind.PRIMARY_STREAM, 1);
        cascade.replaceWhenReady(cam);

        assertThat(cascade.get(SourceKind.PRIMARY_STREAM)).isSameAs(cam);
    }

    @Test
    void lostPrimary_returnsOnlyAfterDeliveringSteadilyForTheHold() {
        long hold = 3000 * MS;
        SourceCascade held = new SourceCascade(THRESHOLD, hold, black, retired::add);
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1).deliverAt(0);
        StillSource image = still(SourceKind.FALLBACK_IMAGE);
        held.replace(primary);
        held.replace(image);
        assertThat(held.select(0)).as("first frame: on air at once").isSameAs(primary);

        assertThat(held.select(THRESHOLD + 1)).as("lost").isSameAs(image);
        assertThat(held.isRecovering(primary)).as("down, not coming back yet").isFalse();

        long back = 5000 * MS;
        primary.deliverAt(back);
        assertThat(held.select(back)).as("back, but not yet steady").isSameAs(image);
        assertThat(held.isRecovering(primary)).isTrue();
        primary.deliverAt(back + 2000 * MS);
        assertThat(held.select(back + 2000 * MS)).isSameAs(image);
        primary.deliverAt(back + hold);
        assertThat(held.select(back + hold)).as("steady for the hold").isSameAs(primary);
        assertThat(held.isRecovering(primary)).isFalse();
    }

    @Test
    void flappingSource_restartsItsHold_afterEveryGapLongerThanTheThreshold() {
        long hold = 3000 * MS;
        SourceCascade held = new SourceCascade(THRESHOLD, hold, black, retired::add);
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1).deliverAt(0);
        held.replace(primary);
        held.select(0);
        held.select(THRESHOLD + 1);                      // lost
        primary.deliverAt(2000 * MS);
        held.select(2000 * MS);                         // steady since 2 s
        held.select(4000 * MS);                         // gap of 2 s > threshold: lost again
        primary.deliverAt(4500 * MS);
        held.select(4500 * MS);                         // steady since 4.5 s
        primary.deliverAt(6000 * MS);
        assertThat(held.select(6000 * MS)).as("1.5 s steady is not enough").isSameAs(black);
        primary.deliverAt(7500 * MS);
        assertThat(held.select(7500 * MS)).isSameAs(primary);
    }

    private static StillSource still(SourceKind kind) {
        StillSource s = new StillSource(kind, "still");
        s.set(new byte[] {2});
        return s;
    }

    @Test
    void black_cannotBeRemoved() {
        assertThatThrownBy(() -> cascade.clear(SourceKind.BLACK)).isInstanceOf(IllegalArgumentException.class);
    }
}
