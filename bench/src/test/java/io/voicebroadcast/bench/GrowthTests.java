package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.bench.Growth.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthTests {

    @Test
    void growth_isTheLastMinutesMedianAgainstTheFirstWindowsMedian_oneOutlierIgnored() {
        List<Sample> samples = List.of(
                new Sample(30, 500),            // before the window: warm-up
                new Sample(65, 100), new Sample(80, 104), new Sample(95, 250), new Sample(110, 102),
                new Sample(200, 130),
                new Sample(245, 108), new Sample(260, 109), new Sample(275, 300), new Sample(300, 110));

        Growth g = Growth.of(samples, 60, 300);

        assertThat(g.start()).isEqualTo(102); // nearest-rank median of 100, 102, 104, 250
        assertThat(g.end()).isEqualTo(109);
        assertThat(g.percent()).isCloseTo(6.86, within(0.01));
        assertThat(g.atMost(10)).isTrue();
        assertThat(g.atMost(5)).isFalse();
    }

    @Test
    void aWindowWithoutSamples_isUnknown_andMeetsNoTarget() {
        Growth g = Growth.of(List.of(new Sample(250, 100)), 60, 300);

        assertThat(g.start()).isNaN();
        assertThat(g.percent()).isNaN();
        assertThat(g.atMost(10)).isFalse();
    }
}
