package io.voicebroadcast.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results: one row per measurement, ours and the baseline side by side, printed as markdown. */
final class Table {

    /**
     * @param ours     our value, or NaN when not measured
     * @param baseline the baseline's value, or NaN when it has none
     * @param met      whether our value meets the target, or null when there is no target
     */
    record Row(String scenario, String metric, double ours, double baseline, String unit, String target, Boolean met,
               String note) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
        Bench.log("result: " + row.scenario() + " / " + row.metric() + ": ours " + fmt(row.ours(), row.unit())
                + ", baseline " + fmt(row.baseline(), row.unit()) + (row.note().isEmpty() ? "" : " (" + row.note() + ")"));
    }

    synchronized void add(String scenario, String metric, double ours, double baseline, String unit, String target, Boolean met) {
        add(new Row(scenario, metric, ours, baseline, unit, target, met, ""));
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | measurement | ours | baseline | ours / baseline | target | met |\n");
        b.append("|---|---|---:|---:|---:|---|:-:|\n");
        for (Row r : rows) {
            String ratio = Double.isNaN(r.ours()) || Double.isNaN(r.baseline()) || Math.abs(r.baseline()) < 1e-6 ? ""
                    : String.format(Locale.ROOT, "%.2f", r.ours() / r.baseline());
            b.append("| ").append(r.scenario()).append(" | ").append(r.metric())
                    .append(r.note().isEmpty() ? "" : " (" + r.note() + ")")
                    .append(" | ").append(fmt(r.ours(), r.unit()))
                    .append(" | ").append(fmt(r.baseline(), r.unit()))
                    .append(" | ").append(ratio)
                    .append(" | ").append(r.target())
                    .append(" | ").append(r.met() == null ? "" : r.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return b.toString();
    }

    static String fmt(double v, String unit) {
        if (Double.isNaN(v)) {
            return "–";
        }
        String number = Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
