package io.voicebroadcast.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How much a sampled quantity grew over a soak: the median of its samples in the minute from
 * {@code fromSecond} against the median in the last minute, so that one sample caught in a
 * moment (a decoder starting, a collection of garbage under way) does not decide it.
 *
 * @param start the median of the first window, NaN without samples there
 * @param end   the median of the last window, NaN without samples there
 */
record Growth(double start, double end) {

    static final double WINDOW_SECONDS = 60;

    /** A value sampled at a time (seconds). */
    record Sample(double atSecond, double value) {
    }

    static Growth of(List<Sample> samples, double fromSecond, double endSecond) {
        List<Double> first = new ArrayList<>();
        List<Double> last = new ArrayList<>();
        for (Sample s : samples) {
            if (s.atSecond() >= fromSecond && s.atSecond() < fromSecond + WINDOW_SECONDS) {
                first.add(s.value());
            }
            if (s.atSecond() > endSecond - WINDOW_SECONDS && s.atSecond() <= endSecond) {
                last.add(s.value());
            }
        }
        return new Growth(Stats.median(first), Stats.median(last));
    }

    /** (end − start) / start, in percent; NaN when either is unknown. */
    double percent() {
        return (end - start) / start * 100;
    }

    boolean atMost(double percent) {
        return percent() <= percent; // false for NaN
    }
}
