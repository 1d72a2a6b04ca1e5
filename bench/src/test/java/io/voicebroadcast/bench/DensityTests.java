package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DensityTests {

    @Test
    void everyRunIsTold_beside_theMedian() {
        assertThat(Density.runs(List.of(6, 5, 6), List.of(5, 5, 4))).isEqualTo("runs: ours 6, 5, 6; baseline 5, 5, 4");
    }

    @Test
    void theSearchStarts_whereTheCpuRowPointsTo_orAtTwo() {
        assertThat(Density.firstGuess(2, 0.38)).isEqualTo(5);
        assertThat(Density.firstGuess(2, 3.0)).isEqualTo(1);
        assertThat(Density.firstGuess(2, Double.NaN)).isEqualTo(2);
    }
}
