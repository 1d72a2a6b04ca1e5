package io.voicebroadcast.bench;

import static io.voicebroadcast.bench.Soak.BOUNDED_FILES;
import static io.voicebroadcast.bench.Soak.BOUNDED_POOLS;
import static io.voicebroadcast.bench.Soak.DRIFT_TARGET_MS;
import static io.voicebroadcast.bench.Soak.GROWTH_TARGET_PERCENT;
import static io.voicebroadcast.bench.Soak.QUICK;
import static io.voicebroadcast.bench.Soak.clock;

import io.voicebroadcast.bench.ErrorLines.Cause;
import io.voicebroadcast.bench.ErrorLines.Disturbance;
import io.voicebroadcast.bench.ErrorLines.Verdict;
import io.voicebroadcast.bench.Soak.Sample;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The soak's rows, judged from what {@link Soak} gathered (its samples, the disturbances it
 * provoked, the service's log, metrics and last status), and the files written beside the run.
 */
final class SoakReport {

    private final Path runDir;
    private final SoakPlan plan;
    private final String key;
    private final NginxRtmpServer destination;
    private final List<Sample> samples;
    private final List<Disturbance> disturbances;
    private final List<String> failedSteps;
    private final int joins;
    private final int leaves;
    private final List<SoakMixCheck> mixChecks;

    SoakReport(Path runDir, SoakPlan plan, String key, NginxRtmpServer destination, List<Sample> samples, List<Disturbance> disturbances,
               List<String> failedSteps, int joins, int leaves, List<SoakMixCheck> mixChecks) {
        this.runDir = runDir;
        this.plan = plan;
        this.key = key;
        this.destination = destination;
        this.samples = samples;
        this.disturbances = disturbances;
        this.failedSteps = failedSteps;
        this.joins = joins;
        this.leaves = leaves;
        this.mixChecks = mixChecks;
    }

    /** The rows, from the service's last status, its metrics and its whole log at the end. */
    void write(Table table, JsonNode last, String metrics, String log) {
        writeSamples();
        double from = plan.fromMinute() * 60.0;
        double end = plan.duration().toSeconds();
        String window = "minute " + plan.fromMinute() + " → " + plan.duration().toMinutes();
        String n = plan.duration().toMinutes() + " min" + (plan.duration().equals(QUICK) ? " (--quick: from minute 1)" : "");

        int sessions = Bench.publishSessions(destination, key);
        row(table, "publish sessions at the destination (its RTMP server restarted once)", sessions, "", "2 (1 + the restart)", sessions == 2, n);

        List<Growth.Sample> heapAfterGc = samples.stream().filter(s -> s.heap().afterGc())
                .map(s -> new Growth.Sample(s.atSecond(), s.heap().heapMiB())).toList();
        growth(table, "JVM heap after a full GC", Growth.of(heapAfterGc, from, end), window, n);
        growth(table, "JVM resident memory (RSS)", Growth.of(series(Sample::jvmRssMiB), from, end), window, n);
        growth(table, "FFmpeg children's resident memory (RSS, summed)", Growth.of(series(Sample::childrenRssMiB), from, end), window, n);
        Growth meta = Growth.of(series(s -> s.heap().metaspaceMiB()), from, end);
        row(table, "JVM metaspace, growth " + window, meta.percent(), "%", "", null,
                String.format(Locale.ROOT, "%.1f → %.1f MiB", meta.start(), meta.end()));

        List<Drift.Pairs> recordings = Bench.recordings(destination, key).stream().map(Drift.Pairs::of).toList();
        double[] offsets = recordings.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                : Drift.offsets(recordings.get(0), recordings.get(recordings.size() - 1));
        writeOffsets(recordings);
        row(table, "A/V offset (flash → beep), first minute (median)", offsets[0] * 1000, "ms", "", null, n);
        row(table, "A/V offset (flash → beep), last minute (median)", offsets[1] * 1000, "ms", "", null, n);
        double drift = Math.abs(offsets[1] - offsets[0]) * 1000;
        row(table, "A/V offset drift", drift, "ms", "≤ " + (int) DRIFT_TARGET_MS + " ms", drift <= DRIFT_TARGET_MS, n);
        List<Double> all = recordings.stream().flatMap(p -> p.offsets().stream()).toList();
        double p5 = Stats.percentile(all, 5) * 1000;
        double p95 = Stats.percentile(all, 95) * 1000;
        row(table, "A/V offset over the whole soak, 5th to 95th percentile", p95 - p5, "ms", "", null,
                String.format(Locale.ROOT, "%.0f to %.0f ms; by half minute in soak-av-offsets.csv", p5, p95));

        Sample first = samples.stream().filter(s -> s.atSecond() >= from).findFirst().orElse(null);
        Sample final_ = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        if (first != null && final_ != null) {
            census(table, "files", "JVM open file descriptors", first, final_, first.openFiles(), final_.openFiles(), BOUNDED_FILES,
                    "but for connections the bench's HTTP client keeps alive");
            census(table, "threads", "JVM threads", first, final_, first.threads(), final_.threads(), BOUNDED_POOLS, "but for pools that come and go");
        }

        long notBack = samples.stream().filter(s -> !"primary_stream".equals(s.onAir())).count();
        row(table, "samples without the camera on air (21 s after it came back)", notBack, "", "0", notBack == 0,
                plan.count(SoakPlan.Kind.CAMERA_DROP) + " drops of 5 s");
        long wrongMix = samples.stream().filter(s -> s.participants() != 1).count();
        row(table, "samples with other participants in the mix than the steady one", wrongMix, "", "0", wrongMix == 0,
                joins + " joins, " + leaves + " leaves through RTPEngine");
        // The samples above come after the leaves: only this says the joined participants were heard at all.
        String missing = SoakMixCheck.failures(mixChecks, 5);
        row(table, "cycles whose joined participants were all in the mix " + (SoakPlan.MIX_CHECK_AT - SoakPlan.JOIN_AT)
                        + " s after joining", SoakMixCheck.passed(mixChecks), "", "every cycle", SoakMixCheck.everyCycle(mixChecks),
                mixChecks.size() + " cycles checked" + (missing.isEmpty() ? "" : "; " + missing));
        row(table, "steps of the plan that failed", failedSteps.size(), "", "0", failedSteps.isEmpty(),
                failedSteps.isEmpty() ? "" : String.join("; ", failedSteps));
        // The encoder writes to a pipe; the destination's restart reaches only its publisher, which reconnects.
        int restarts = last.path("encoderRestarts").asInt();
        row(table, "encoder restarts (the destination restarted once)", restarts, "", "0", restarts == 0,
                "on air at the end: " + last.path("videoSourceType").asString("?"));
        JsonNode dest = Soak.destination(last);
        // Attempts, not sessions: one may fail while the destination is still coming back.
        row(table, "the destination's publisher reconnects (attempts)", dest.path("reconnects").asInt(), "", "", null,
                "state at the end: " + dest.path("state").asString("?") + ", skips to a keyframe: " + dest.path("skippedToKeyframe").asLong());

        double dropped = Prometheus.sum(metrics, "voice_events_dropped_total");
        double buffered = Prometheus.sum(metrics, "voice_events_buffered");
        row(table, "client events dropped or still buffered at the end (RabbitMQ restarted once)", dropped + buffered, "", "0",
                dropped + buffered == 0, String.format(Locale.ROOT, "%.0f failed attempts retried",
                        Prometheus.sum(metrics, "voice_events_publish_failures_total")));

        List<Verdict> errors = ErrorLines.judge(log, disturbances);
        long unexplained = errors.stream().filter(v -> !v.explained()).count();
        Map<String, Long> byCause = errors.stream().filter(Verdict::explained)
                .collect(Collectors.groupingBy(v -> v.cause().orElseThrow().description(), LinkedHashMap::new, Collectors.counting()));
        row(table, "ERROR lines without a cause the soak provoked", unexplained, "", "0", unexplained == 0,
                errors.size() + " ERROR lines in all" + (byCause.isEmpty() ? "" : "; explained: " + byCause));
        StringBuilder report = new StringBuilder();
        for (Verdict v : errors) {
            report.append(v.cause().map(Cause::description).orElse("UNEXPLAINED")).append(": ").append(v.line()).append('\n');
        }
        Bench.write(runDir.resolve("soak-errors.txt"), report.toString());
        if (!errors.isEmpty()) {
            Rig.log("soak: ERROR lines of the service:\n" + report);
        }

        int keys = occurrences(log, key);
        row(table, "the stream key in the service's whole log", keys, "", "0", keys == 0, "");
    }

    private void census(Table table, String name, String what, Sample first, Sample last, Census start, Census end,
                        Map<String, Integer> bounded, String except) {
        String changes = end.changesSince(start);
        boolean explained = end.total() == start.total() || end.changedOnlyWithin(start, bounded);
        row(table, what + " at the end", end.total(), "", "= start (" + start.total() + "), " + except,
                explained, "at " + clock(first.atSecond()) + " and " + clock(last.atSecond()) + (changes.isEmpty() ? "" : "; " + changes));
        Bench.write(runDir.resolve("soak-" + name + ".txt"),
                "at " + clock(first.atSecond()) + ": " + start.counts() + "\nat " + clock(last.atSecond()) + ": " + end.counts() + "\n");
    }

    private void growth(Table table, String what, Growth g, String window, String n) {
        row(table, what + ", growth " + window, g.percent(), "%", "≤ " + (int) GROWTH_TARGET_PERCENT + " %",
                g.atMost(GROWTH_TARGET_PERCENT), String.format(Locale.ROOT, "%.1f → %.1f MiB, medians of a minute; %s", g.start(), g.end(), n));
    }

    private static void row(Table table, String metric, double value, String unit, String target, Boolean met, String note) {
        table.add(new Table.Row("soak", metric, value, Double.NaN, unit, target, met, note));
    }

    private List<Growth.Sample> series(ToDoubleFunction<Sample> value) {
        return samples.stream().map(s -> new Growth.Sample(s.atSecond(), value.applyAsDouble(s))).toList();
    }

    private void writeSamples() {
        StringBuilder csv = new StringBuilder("second,heap_mib,after_full_gc,metaspace_mib,jvm_rss_mib,ffmpeg_rss_mib,ffmpegs,open_files,threads,"
                + "on_air,participants,encoder_restarts,destination_reconnects\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%.2f,%b,%.2f,%.1f,%.1f,%d,%d,%d,%s,%d,%d,%d%n", s.atSecond(), s.heap().heapMiB(),
                    s.heap().afterGc(), s.heap().metaspaceMiB(), s.jvmRssMiB(), s.childrenRssMiB(), s.children(), s.openFiles().total(), s.threads().total(), s.onAir(),
                    s.participants(), s.encoderRestarts(), s.destinationReconnects()));
        }
        Bench.write(runDir.resolve("soak-samples.csv"), csv.toString());
        Rig.log("soak: samples in " + runDir.resolve("soak-samples.csv") + ", the service's log and its ERROR lines beside them");
    }

    /** The A/V offset of every half minute of every recording (one per publish session), to see when it moved. */
    private void writeOffsets(List<Drift.Pairs> recordings) {
        StringBuilder csv = new StringBuilder("recording,from_second,pairs,median_offset_ms\n");
        for (int r = 0; r < recordings.size(); r++) {
            Drift.Pairs p = recordings.get(r);
            double end = p.flashes().isEmpty() ? 0 : p.flashes().get(p.flashes().size() - 1);
            for (double from = 0; from <= end; from += SoakPlan.CYCLE_SECONDS) {
                List<Double> window = p.between(from, SoakPlan.CYCLE_SECONDS);
                csv.append(String.format(Locale.ROOT, "%d,%.0f,%d,%.1f%n", r + 1, from, window.size(), Stats.median(window) * 1000));
            }
        }
        Bench.write(runDir.resolve("soak-av-offsets.csv"), csv.toString());
        Rig.log("soak: A/V offset by half minute:\n" + csv);
        StringBuilder pairs = new StringBuilder("recording,flash_second,offset_ms\n");
        for (int r = 0; r < recordings.size(); r++) {
            Drift.Pairs p = recordings.get(r);
            for (int i = 0; i < p.flashes().size(); i++) {
                pairs.append(String.format(Locale.ROOT, "%d,%.3f,%.1f%n", r + 1, p.flashes().get(i), p.offsets().get(i) * 1000));
            }
        }
        Bench.write(runDir.resolve("soak-av-pairs.csv"), pairs.toString());
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
