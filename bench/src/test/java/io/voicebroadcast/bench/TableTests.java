package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTests {

    @Test
    void aRow_isPrintedWithItsRatio_targetAndVerdict_andANoteInBrackets() {
        Table table = new Table();
        table.add(new Table.Row("density", "rooms sustained, median of 3 runs", 6, 5, "", "≥ baseline, ≥ 6", true, "runs: ours 6, 6, 5"));
        table.add(new Table.Row("destinations", "add → first keyframe, max", 3412.4, Double.NaN, "ms", "≤ 3000 ms", false, ""));
        table.add(new Table.Row("machine", "steal time", 0.25, Double.NaN, "%", "", null, ""));

        assertThat(table.markdown().split("\n")).containsExactly(
                "| scenario | measurement | ours | baseline | ours / baseline | target | met |",
                "|---|---|---:|---:|---:|---|:-:|",
                "| density | rooms sustained, median of 3 runs (runs: ours 6, 6, 5) | 6 | 5 | 1.20 | ≥ baseline, ≥ 6 | yes |",
                "| destinations | add → first keyframe, max | 3412 ms | – |  | ≤ 3000 ms | **no** |",
                "| machine | steal time | 0.25 % | – |  |  |  |");
    }

    @Test
    void numbers_keepThreeSignificantDigits_wholeNumbersNone_andNaNIsADash() {
        assertThat(Table.fmt(1.234, "")).isEqualTo("1.23");
        assertThat(Table.fmt(12.34, "ms")).isEqualTo("12.3 ms");
        assertThat(Table.fmt(123.4, "MiB")).isEqualTo("123 MiB");
        assertThat(Table.fmt(5, "")).isEqualTo("5");
        assertThat(Table.fmt(Double.NaN, "ms")).isEqualTo("–");
    }
}
