package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SoakMixCheckTests {

    private static SoakMixCheck check(int cycle, Set<String> mixed) {
        return new SoakMixCheck(cycle, Set.of("steady", "p" + cycle + "-opus", "p" + cycle + "-pcmu"), mixed);
    }

    @Test
    void aCycleWhoseJoinedParticipantsAreMixed_passes_andOneMissingAny_fails() {
        assertThat(check(1, Set.of("steady", "p1-opus", "p1-pcmu")).allMixed()).isTrue();
        assertThat(check(2, Set.of("steady", "p2-opus")).allMixed()).isFalse();
        assertThat(check(3, Set.of("steady")).allMixed()).as("only the steady one, as after the soak's cycle 42").isFalse();
    }

    @Test
    void everyCycle_needsEveryCheckToPass_andAtLeastOne() {
        List<SoakMixCheck> good = List.of(check(1, Set.of("steady", "p1-opus", "p1-pcmu")), check(2, Set.of("steady", "p2-opus", "p2-pcmu")));
        List<SoakMixCheck> oneBad = List.of(good.get(0), check(2, Set.of("steady")));

        assertThat(SoakMixCheck.everyCycle(good)).isTrue();
        assertThat(SoakMixCheck.passed(oneBad)).isEqualTo(1);
        assertThat(SoakMixCheck.everyCycle(oneBad)).isFalse();
        assertThat(SoakMixCheck.everyCycle(List.of())).as("no check made is no evidence").isFalse();
    }

    @Test
    void failures_nameTheCyclesAndWhoWasMissing_upToTheLimit() {
        List<SoakMixCheck> checks = List.of(check(1, Set.of("steady")), check(2, Set.of("steady", "p2-opus")), check(3, Set.of("steady")));

        assertThat(SoakMixCheck.failures(checks, 2))
                .isEqualTo("cycle 1 missing [p1-opus, p1-pcmu]; cycle 2 missing [p2-pcmu]; 1 more");
        assertThat(SoakMixCheck.failures(checks.subList(1, 2), 5)).isEqualTo("cycle 2 missing [p2-pcmu]");
    }
}
