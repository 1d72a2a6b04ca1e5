package io.voicebroadcast.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians and 95th percentiles (nearest rank) of repeated measurements. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static double p95(List<Double> values) {
        return percentile(values, 95);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Nearest-rank percentile; NaN for no values (a measurement that never completed). */
    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !v.isNaN()).toList());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** How many of the values are NaN (a run that did not reach the event in time). */
    static long missing(List<Double> values) {
        return values.stream().filter(v -> v.isNaN()).count();
    }
}
