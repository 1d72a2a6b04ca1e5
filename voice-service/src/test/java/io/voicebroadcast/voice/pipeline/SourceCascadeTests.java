package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceCascadeTests {

    private static final long MS = 1_000_000L;
    private static final long THRESHOLD = 1000 * MS;
    private static final long HOLD = 3000 * MS;
    /** Frames every 100 ms: steady under the 1 s threshold. */
    private static final long STEP = 100 * MS;
    private static final LossRule HELD = new LossRule(Duration.ofNanos(THRESHOLD), Duration.ofNanos(HOLD));

    private final List<VideoSource> retired = new ArrayList<>();
    private final StillSource black = StillSource.black(new VideoFormat(16, 16, 30));
    private final SourceCascade cascade = new SourceCascade(black, retired::add);

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
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1, HELD).deliverAt(0);
        StillSource image = still(SourceKind.FALLBACK_IMAGE);
        cascade.replace(primary);
        cascade.replace(image);
        assertThat(cascade.select(0)).as("first frame: on air at once").isSameAs(primary);

        assertThat(cascade.select(THRESHOLD + 1)).as("lost").isSameAs(image);
        assertThat(primary.state(THRESHOLD + 1)).as("down, not coming back yet").isEqualTo(new SourceState.Lost(THRESHOLD, null));

        long back = 5000 * MS;
        primary.deliverAt(back);
        assertThat(cascade.select(back)).as("back, but not yet steady").isSameAs(image);
        assertThat(primary.state(back)).isEqualTo(new SourceState.Recovering(back));
        primary.deliverEvery(STEP, back + STEP, back + HOLD - STEP);
        assertThat(cascade.select(back + HOLD - STEP)).isSameAs(image);
        primary.deliverAt(back + HOLD);
        assertThat(cascade.select(back + HOLD)).as("steady for the hold").isSameAs(primary);
        assertThat(primary.state(back + HOLD)).isEqualTo(SourceState.DELIVERING);
    }

    @Test
    void flappingSource_restartsItsHold_afterEveryGapLongerThanTheThreshold() {
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1, HELD).deliverAt(0);
        cascade.replace(primary);
        cascade.select(0);
        cascade.select(THRESHOLD + 1);                           // lost
        primary.deliverEvery(STEP, 2000 * MS, 2500 * MS);        // steady since 2 s
        primary.deliverEvery(STEP, 4000 * MS, 5500 * MS);        // a gap of 1.5 s > threshold: steady since 4 s
        assertThat(cascade.select(5500 * MS)).as("1.5 s steady is not enough").isSameAs(black);
        primary.deliverEvery(STEP, 5600 * MS, 7000 * MS);
        assertThat(cascade.select(7000 * MS)).as("steady since 4 s").isSameAs(primary);
    }

    @Test
    void recoveringSourceBelowTheLostOne_takesOverAtOnce() {
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1, HELD).deliverAt(0);
        FakeSource backup = new FakeSource(SourceKind.FALLBACK_STREAM, 2, HELD).deliverAt(0);
        cascade.replace(primary);
        cascade.replace(backup);
        cascade.replace(still(SourceKind.FALLBACK_IMAGE));
        assertThat(cascade.select(0)).isSameAs(primary);
        primary.deliverEvery(STEP, STEP, 2000 * MS);
        backup.deliverEvery(STEP, 1500 * MS, 3100 * MS);        // the backup's decoder reconnected meanwhile
        assertThat(backup.state(3100 * MS)).isEqualTo(new SourceState.Recovering(1500 * MS));

        assertThat(cascade.select(3100 * MS)).as("primary lost: the backup at once, not the image below it").isSameAs(backup);
    }

    @Test
    void recoveringSourceAboveTheOneOnAir_waitsForItsHold() {
        FakeSource primary = new FakeSource(SourceKind.PRIMARY_STREAM, 1, HELD).deliverAt(0);
        FakeSource backup = new FakeSource(SourceKind.FALLBACK_STREAM, 2, HELD).deliverEvery(STEP, 0, 1500 * MS);
        cascade.replace(primary);
        cascade.replace(backup);
        assertThat(cascade.select(0)).isSameAs(primary);
        assertThat(cascade.select(1500 * MS)).as("primary lost").isSameAs(backup);

        primary.deliverEvery(STEP, 2000 * MS, 4000 * MS);
        backup.deliverEvery(STEP, 1600 * MS, 4000 * MS);
        assertThat(cascade.select(4000 * MS)).as("primary recovering since 2 s, above the backup").isSameAs(backup);
        primary.deliverEvery(STEP, 4100 * MS, 5000 * MS);
        backup.deliverEvery(STEP, 4100 * MS, 5000 * MS);
        assertThat(cascade.select(5000 * MS)).isSameAs(primary);
    }

    @Test
    void sourceKinds_knowTheirRank() {
        assertThat(SourceKind.BY_RANK).containsExactly(SourceKind.PRIMARY_STREAM, SourceKind.FALLBACK_STREAM,
                SourceKind.FALLBACK_IMAGE, SourceKind.DEFAULT, SourceKind.BLACK);
        assertThat(SourceKind.PRIMARY_STREAM.outranks(SourceKind.FALLBACK_STREAM)).isTrue();
        assertThat(SourceKind.BLACK.outranks(SourceKind.DEFAULT)).isFalse();
        assertThat(SourceKind.DEFAULT.outranks(SourceKind.DEFAULT)).isFalse();
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
