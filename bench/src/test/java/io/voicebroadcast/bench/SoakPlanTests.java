package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.bench.SoakPlan.Kind;
import io.voicebroadcast.bench.SoakPlan.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakPlanTests {

    @Test
    void quick_dropsTheCameraEvery30s_andRestartsEachServerOnce_betweenTheGrowthWindows() {
        SoakPlan plan = SoakPlan.of(Duration.ofMinutes(5), 1);

        assertThat(plan.steps().stream().filter(s -> s.kind() == Kind.CAMERA_DROP).map(Step::atSecond))
                .containsExactly(0, 30, 60, 90, 120, 150, 180, 210, 240, 270);
        assertThat(plan.count(Kind.SAMPLE)).isEqualTo(10);
        assertThat(plan.count(Kind.JOIN)).isEqualTo(plan.count(Kind.LEAVE));
        Step destination = only(plan, Kind.DESTINATION_RESTART);
        Step outage = only(plan, Kind.BROKER_OUTAGE);
        int back = outage.atSecond() + SoakPlan.BROKER_DOWN_SECONDS;
        // after the first window (60..120 s), before the last minute (240..300 s)
        assertThat(List.of(destination.atSecond(), outage.atSecond(), back)).allSatisfy(t -> assertThat(t).isBetween(120, 240));
        // the next camera drop happens while the broker is away, so its events wait for it
        assertThat(plan.steps()).anySatisfy(s -> assertThat(s.kind() == Kind.CAMERA_DROP && s.atSecond() > outage.atSecond()
                && s.atSecond() < back).isTrue());
    }

    @Test
    void steps_areInTimeOrder_andTheSampleSeesTheCameraBack_withoutTheJoinedParticipants() {
        SoakPlan plan = SoakPlan.of(Duration.ofMinutes(60), 5);

        assertThat(plan.steps()).isSortedAccordingTo((a, b) -> Integer.compare(a.atSecond(), b.atSecond()));
        assertThat(plan.count(Kind.CAMERA_DROP)).isEqualTo(120);
        assertThat(only(plan, Kind.DESTINATION_RESTART).atSecond()).isBetween(6 * 60, 59 * 60);
        assertThat(SoakPlan.SAMPLE_AT).isGreaterThan(SoakPlan.LEAVE_AT).isGreaterThan(SoakPlan.CAMERA_DOWN_SECONDS + 15);
        assertThat(plan.count(Kind.MIX_CHECK)).as("one look at the mix per cycle").isEqualTo(plan.count(Kind.JOIN));
        assertThat(SoakPlan.MIX_CHECK_AT).as("while the joined ones are present").isGreaterThan(SoakPlan.JOIN_AT).isLessThan(SoakPlan.LEAVE_AT);
    }

    @Test
    void onlyTheSamplesOfTheTwoGrowthWindows_forceAFullCollection() {
        SoakPlan plan = SoakPlan.of(Duration.ofMinutes(5), 1);

        // none in the A/V offset's first minute (5 to 65 s on air)
        assertThat(plan.steps().stream().filter(s -> s.kind() == Kind.SAMPLE && plan.inGrowthWindow(s.atSecond())).map(Step::atSecond))
                .containsExactly(86, 116, 266, 296);
    }

    @Test
    void aSoakTooShortForItsRestarts_isRefused() {
        assertThatThrownBy(() -> SoakPlan.of(Duration.ofMinutes(3), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Step only(SoakPlan plan, Kind kind) {
        List<Step> steps = plan.steps().stream().filter(s -> s.kind() == kind).toList();
        assertThat(steps).hasSize(1);
        return steps.get(0);
    }
}
