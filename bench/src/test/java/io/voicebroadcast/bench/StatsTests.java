package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTests {

    @Test
    void theMedianOfThreeRuns_isTheMiddleOne_whateverTheirOrder() {
        assertThat(Stats.median(List.of(5.0, 3.0, 4.0))).isEqualTo(4.0);
        assertThat(Stats.median(List.of(4.0, 4.0, 6.0))).isEqualTo(4.0);
        assertThat(Density.medianOf(List.of(6, 5, 7))).isEqualTo(6.0);
    }

    @Test
    void aMeasurementThatNeverCompleted_isLeftOut_andCounted() {
        List<Double> values = List.of(1.0, Double.NaN, 3.0, 2.0);

        assertThat(Stats.median(values)).isEqualTo(2.0);
        assertThat(Stats.p95(values)).isEqualTo(3.0);
        assertThat(Stats.missing(values)).isEqualTo(1);
        assertThat(Stats.median(List.of(Double.NaN))).isNaN();
    }
}
