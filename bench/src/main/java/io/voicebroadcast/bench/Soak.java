package io.voicebroadcast.bench;

import io.voicebroadcast.bench.ErrorLines.Cause;
import io.voicebroadcast.bench.ErrorLines.Disturbance;
import io.voicebroadcast.bench.ErrorLines.Verdict;
import io.voicebroadcast.bench.SoakPlan.Step;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RabbitMqOutageLock;
import io.voicebroadcast.testsupport.RtpEngineDaemon;
import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The soak: one room on air for an hour ({@code --quick}: 5 minutes) while everything around it
 * moves, as {@link SoakPlan} lays out: its camera drops every 30 s and comes back, participants
 * join and leave through a real RTPEngine, the destination's RTMP server restarts once and
 * RabbitMQ (the service's client events) once. The service runs from its jar; its camera and its
 * steady participant are one FFmpeg ({@link Drift#source}), whose flashes and beeps time the
 * output's A/V offset at the start and the end; the camera reaches nginx through a relay, which is
 * what drops. Every 30 s the service is sampled (heap after a full GC, resident memory of the JVM
 * and of its FFmpeg children, open files, threads, what is on air). At the end: publish sessions,
 * growth, drift, the JVM's files and threads at the start and the end, every ERROR line with the
 * disturbance that explains it, and the stream key searched for in the whole log.
 */
final class Soak {

    static final Duration FULL = Duration.ofMinutes(60);
    static final Duration QUICK = Duration.ofMinutes(5);
    /** Growth is measured from this minute on: the service has warmed up and the room settled. */
    static final int FULL_FROM_MINUTE = 5;
    static final int QUICK_FROM_MINUTE = 1;
    static final double GROWTH_TARGET_PERCENT = 10;
    static final double DRIFT_TARGET_MS = 40;
    /** The destination's RTMP server is away this long when it restarts. */
    static final Duration DESTINATION_DOWN = Duration.ofSeconds(2);
    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(30);
    /** The joining participants talk quietly, so the steady participant's beeps stay what the drift measurement hears. */
    static final double CHURN_GAIN_DB = -30;
    static final String STEADY = "steady";
    /**
     * Threads (by their first 15 characters, numbers taken out) of pools that start threads when
     * work comes and renew them with their connection, with the most each may hold: the RabbitMQ
     * client's (named after Spring's connection factory) runs publisher confirms on a pool of one
     * thread per core per connection, started as confirms come in, and a new one after the
     * broker restarts.
     */
    private static final Map<String, Integer> BOUNDED_POOLS = Map.of("rabbitConnectio", Runtime.getRuntime().availableProcessors() + 1);
    private static final int AUDIO_PORT_MIN = 42200;
    private static final int AUDIO_PORT_MAX = 42299;

    /** One look at the service, {@code atSecond} after its room went on air. */
    record Sample(double atSecond, HeapAfterGc heap, double jvmRssMiB, double childrenRssMiB, int children, Census openFiles,
                  Census threads, String onAir, int participants, int encoderRestarts, int destinationReconnects) {
    }

    private final Rig rig;
    private final SoakPlan plan;
    private final String key = Rig.key("soak");
    private final String exchange = "voice.client.events.soak-" + UUID.randomUUID().toString().substring(0, 8);
    private final String cameraSource;
    private final String camera;
    private final Map<String, RtpTone> joined = new LinkedHashMap<>();
    /** Added to by the broker's outage too, which runs beside the plan. */
    private final List<Disturbance> disturbances = Collections.synchronizedList(new ArrayList<>());
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> failedSteps = new ArrayList<>();
    private NginxRtmpServer destination;
    private RtpEngineDaemon rtpengine;
    private Ours ours;
    private UUID room;
    private ManagedProcess source;
    private ManagedProcess relay;
    /** The broker's outage, beside the plan: it may wait for other runs that hold outages off. */
    private final ExecutorService brokerSide = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "soak-broker-outage");
        t.setDaemon(true);
        return t;
    });
    private Future<?> brokerOutage;
    /** Held but for the broker's outage; the outage's thread lets it go and takes it again. */
    private volatile RabbitMqOutageLock outagesHeldOff;
    private Instant cameraDropped;
    private long onAirNanos;
    private int joins;
    private int leaves;

    private Soak(Rig rig, boolean quick) {
        this.rig = rig;
        this.plan = SoakPlan.of(quick ? QUICK : FULL, quick ? QUICK_FROM_MINUTE : FULL_FROM_MINUTE);
        this.cameraSource = rig.nginx.liveUrl("soak-source");
        this.camera = rig.nginx.liveUrl("soak-camera");
    }

    static void run(Rig rig, Table table, boolean quick) {
        new Soak(rig, quick).run(table);
    }

    private void run(Table table) {
        long minutes = plan.duration().toMinutes();
        Rig.log("soak: " + minutes + " min, growth measured from minute " + plan.fromMinute() + "; " + plan.count(SoakPlan.Kind.CAMERA_DROP)
                + " camera drops, " + 2 * plan.count(SoakPlan.Kind.JOIN) + " participants joining and leaving, one destination restart,"
                + " one RabbitMQ restart");
        try {
            setUp();
            for (Step step : plan.steps()) {
                Bench.sleepUntil(onAirNanos + step.atSecond() * 1_000_000_000L);
                try {
                    perform(step);
                } catch (RuntimeException e) {
                    failedSteps.add(step.kind() + " at " + step.atSecond() + " s: " + e.getMessage());
                    Rig.log("soak: " + step.kind() + " at " + step.atSecond() + " s failed: " + e);
                }
            }
            Bench.sleepUntil(onAirNanos + plan.duration().toNanos());
            report(table);
        } finally {
            tearDown();
        }
    }

    private void setUp() {
        // Other runs' broker outages wait: every ERROR line of this service must have a cause this soak provoked.
        outagesHeldOff = RabbitMqOutageLock.holdOffOutages();
        LocalRabbitMq.ensureRunning();
        destination = NginxRtmpServer.start();
        rtpengine = RtpEngineDaemon.start();
        Path images = rig.media.dimFallbackImage().getParent();
        ours = Ours.start("voice-soak", rig.jar, images, AUDIO_PORT_MIN, AUDIO_PORT_MAX, Map.of(
                "VOICE_STREAMING_VIDEO_SIZE", Drift.FORMAT.size(),
                "VOICE_STREAMING_VIDEO_BITRATE", Drift.BITRATE,
                "VOICE_RTPENGINE_NG_URL", rtpengine.ngAddress(),
                "VOICE_EVENTS_SINK", "rabbitmq",
                "VOICE_EVENTS_EXCHANGE", exchange,
                "SPRING_RABBITMQ_HOST", LocalRabbitMq.HOST,
                "SPRING_RABBITMQ_PORT", String.valueOf(LocalRabbitMq.PORT)));
        Rig.log("soak: voice service up, pid " + ours.pid() + "; RTPEngine pid " + rtpengine.pid() + "; destination rtmp://127.0.0.1:"
                + destination.rtmpPort());
        room = ours.createRoom(Map.of("tier", "scaled", "audioMode", "rtpengine"));
        int steadyPort = RtpEngineParticipant.join(ours.api(), room, STEADY, RtpTone.Codec.OPUS, 31_000);
        source = Drift.source("soak-source", cameraSource, List.of(steadyPort));
        Rig.awaitPlayable(cameraSource);
        relay = relay();
        Rig.awaitPlayable(camera);
        ours.start(room, destination.outputUrl(key), camera, rig.media.dimFallbackImage().toString());
        long deadline = System.nanoTime() + ON_AIR_TIMEOUT.toNanos();
        while (!"primary_stream".equals(onAir())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the soak's camera was not on air within " + ON_AIR_TIMEOUT + ": " + ours.status(room));
            }
            Bench.sleep(200);
        }
        onAirNanos = System.nanoTime();
        Rig.log("soak: on air");
    }

    /** The camera as the room sees it: the source, relayed without re-encoding, so that it can drop while the source goes on. */
    private ManagedProcess relay() {
        return ManagedProcess.start("soak-camera", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-rw_timeout", "5000000", "-probesize", "500000", "-analyzeduration", "1000000",
                "-i", cameraSource, "-c", "copy", "-f", "flv", camera));
    }

    private String onAir() {
        return ours.status(room).path("videoSourceType").asString("");
    }

    private void perform(Step step) {
        switch (step.kind()) {
            case CAMERA_DROP -> {
                cameraDropped = Instant.now();
                relay.kill();
            }
            case CAMERA_BACK -> {
                relay = relay();
                disturbances.add(new Disturbance(Cause.CAMERA_DROP, cameraDropped, Instant.now()));
            }
            case JOIN -> {
                join("p" + step.cycle() + "-opus", RtpTone.Codec.OPUS, 550);
                join("p" + step.cycle() + "-pcmu", RtpTone.Codec.PCMU, 770);
            }
            case LEAVE -> {
                Instant from = Instant.now();
                for (String id : List.copyOf(joined.keySet())) {
                    leave(id);
                }
                disturbances.add(new Disturbance(Cause.PARTICIPANT_LEAVE, from, Instant.now()));
            }
            case DESTINATION_RESTART -> {
                Instant from = Instant.now();
                Rig.log("soak: the destination's RTMP server restarts");
                destination.restart(DESTINATION_DOWN);
                disturbances.add(new Disturbance(Cause.DESTINATION_RESTART, from, Instant.now()));
            }
            case BROKER_OUTAGE -> brokerOutage = brokerSide.submit(this::brokerOutage);
            case SAMPLE -> sample(step);
        }
    }

    /**
     * RabbitMQ away for {@link SoakPlan#BROKER_DOWN_SECONDS} from when it stopped ({@code rabbitmqctl stop_app}
     * then {@code start_app}). The outage takes the lock exclusively, so it waits for other runs that hold
     * outages off; the plan goes on meanwhile. The broker is back whatever happens (the outage's close, or
     * LocalRabbitMq's shutdown hook if the bench's JVM exits during it).
     */
    private void brokerOutage() {
        Instant asked = Instant.now();
        outagesHeldOff.close();
        outagesHeldOff = null;
        try (LocalRabbitMq.Outage outage = LocalRabbitMq.outage()) {
            long waited = Duration.between(asked, Instant.now()).toSeconds();
            Rig.log("soak: RabbitMQ stopped (rabbitmqctl stop_app)" + (waited >= 2 ? ", " + waited + " s after it was due" : ""));
            Bench.sleep(SoakPlan.BROKER_DOWN_SECONDS * 1000L);
            outage.end();
            disturbances.add(new Disturbance(Cause.BROKER_RESTART, asked, Instant.now()));
            Rig.log("soak: RabbitMQ is back (rabbitmqctl start_app)");
        } finally {
            outagesHeldOff = RabbitMqOutageLock.holdOffOutages();
        }
    }

    /** Waits for the broker's outage to be over; a failed one, or one that never came, is a failed step. */
    private void awaitBrokerOutage(Duration timeout) {
        if (brokerOutage == null) {
            return;
        }
        try {
            brokerOutage.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            failedSteps.add(SoakPlan.Kind.BROKER_OUTAGE + ": " + e.getCause());
        } catch (TimeoutException e) {
            failedSteps.add(SoakPlan.Kind.BROKER_OUTAGE + ": not over at the end of the soak (waiting for other runs that hold outages off?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void join(String id, RtpTone.Codec codec, int hz) {
        int port = RtpEngineParticipant.join(ours.api(), room, id, codec, 31_001 + codec.payloadType());
        joined.put(id, RtpTone.start(port, hz, codec, CHURN_GAIN_DB));
        joins++;
    }

    /** The participant stops sending, then leaves. */
    private void leave(String id) {
        joined.remove(id).close();
        int status = RtpEngineParticipant.leave(ours.api(), room, id).status();
        if (status != 204) {
            throw new IllegalStateException(id + " could not leave: HTTP " + status);
        }
        leaves++;
    }

    private void sample(Step step) {
        long pid = ours.pid();
        double at = (System.nanoTime() - onAirNanos) / 1e9;
        // First, so that the resident memory of a sample that collected is read after the collection, as in the other window.
        HeapAfterGc heap = HeapAfterGc.of(pid, rig.runDir, plan.inGrowthWindow(step.atSecond()));
        Census files = Census.of(ProcTree.openFileTargets(pid));
        Census threads = Census.of(ProcTree.threadNames(pid));
        List<Long> children = new ArrayList<>(ProcTree.tree(pid));
        children.remove(Long.valueOf(pid));
        double childrenRss = ProcTree.rssMiB(children);
        double jvmRss = ProcTree.rssMiB(List.of(pid));
        JsonNode status = ours.status(room);
        Sample s = new Sample(at, heap, jvmRss, childrenRss, children.size(), files, threads,
                status.path("videoSourceType").asString(""), status.path("participants").size(), status.path("encoderRestarts").asInt(),
                destination(status).path("reconnects").asInt());
        samples.add(s);
        Rig.log(String.format(Locale.ROOT, "soak %s: heap %s %.1f MiB, metaspace %.1f MiB, JVM RSS %.0f MiB, FFmpegs %.0f MiB (%d),"
                        + " files %d, threads %d, on air %s, participants %d, encoder restarts %d, destination reconnects %d", clock(s.atSecond()),
                heap.afterGc() ? "after a full GC" : "(not collected)", heap.heapMiB(),
                heap.metaspaceMiB(), jvmRss, childrenRss, children.size(), files.total(), threads.total(), s.onAir(), s.participants(),
                s.encoderRestarts(), s.destinationReconnects()));
    }

    /** The broadcast's one destination in a status. */
    private static JsonNode destination(JsonNode status) {
        return status.path("destinations").path(0);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    // ------------------------------------------------------------------ the results

    private void report(Table table) {
        awaitBrokerOutage(Duration.ofSeconds(SoakPlan.BROKER_DOWN_SECONDS + 60));
        JsonNode last = ours.status(room);
        String metrics = ours.api().get("/actuator/prometheus").body();
        ours.stop(room);
        ours.close();
        String log = ours.log();
        Bench.write(rig.runDir.resolve("soak-voice-service.log"), log);
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
            census(table, "files", "JVM open file descriptors", first, final_, first.openFiles(), final_.openFiles(), false);
            census(table, "threads", "JVM threads", first, final_, first.threads(), final_.threads(), true);
        }

        long notBack = samples.stream().filter(s -> !"primary_stream".equals(s.onAir())).count();
        row(table, "samples without the camera on air (21 s after it came back)", notBack, "", "0", notBack == 0,
                plan.count(SoakPlan.Kind.CAMERA_DROP) + " drops of 5 s");
        long wrongMix = samples.stream().filter(s -> s.participants() != 1).count();
        row(table, "samples with other participants in the mix than the steady one", wrongMix, "", "0", wrongMix == 0,
                joins + " joins, " + leaves + " leaves through RTPEngine");
        row(table, "steps of the plan that failed", failedSteps.size(), "", "0", failedSteps.isEmpty(),
                failedSteps.isEmpty() ? "" : String.join("; ", failedSteps));
        // The encoder writes to a pipe; the destination's restart reaches only its publisher, which reconnects.
        int restarts = last.path("encoderRestarts").asInt();
        row(table, "encoder restarts (the destination restarted once)", restarts, "", "0", restarts == 0,
                "on air at the end: " + last.path("videoSourceType").asString("?"));
        JsonNode dest = destination(last);
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
        Bench.write(rig.runDir.resolve("soak-errors.txt"), report.toString());
        if (!errors.isEmpty()) {
            Rig.log("soak: ERROR lines of the service:\n" + report);
        }

        int keys = occurrences(log, key);
        row(table, "the stream key in the service's whole log", keys, "", "0", keys == 0, "");
    }

    private void census(Table table, String name, String what, Sample first, Sample last, Census start, Census end, boolean pools) {
        String changes = end.changesSince(start);
        boolean explained = end.total() == start.total() || pools && end.changedOnlyWithin(start, BOUNDED_POOLS);
        row(table, what + " at the end", end.total(), "", "= start (" + start.total() + ")" + (pools ? ", but for pools that come and go" : ""),
                explained, "at " + clock(first.atSecond()) + " and " + clock(last.atSecond()) + (changes.isEmpty() ? "" : "; " + changes));
        Bench.write(rig.runDir.resolve("soak-" + name + ".txt"),
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
        Bench.write(rig.runDir.resolve("soak-samples.csv"), csv.toString());
        Rig.log("soak: samples in " + rig.runDir.resolve("soak-samples.csv") + ", the service's log and its ERROR lines beside them");
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
        Bench.write(rig.runDir.resolve("soak-av-offsets.csv"), csv.toString());
        Rig.log("soak: A/V offset by half minute:\n" + csv);
        StringBuilder pairs = new StringBuilder("recording,flash_second,offset_ms\n");
        for (int r = 0; r < recordings.size(); r++) {
            Drift.Pairs p = recordings.get(r);
            for (int i = 0; i < p.flashes().size(); i++) {
                pairs.append(String.format(Locale.ROOT, "%d,%.3f,%.1f%n", r + 1, p.flashes().get(i), p.offsets().get(i) * 1000));
            }
        }
        Bench.write(rig.runDir.resolve("soak-av-pairs.csv"), pairs.toString());
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void tearDown() {
        // The broker is shared: an outage in progress is let finish (it starts the broker again); one
        // still waiting for the lock is interrupted, before it stops anything.
        brokerSide.shutdown();
        try {
            if (!brokerSide.awaitTermination(SoakPlan.BROKER_DOWN_SECONDS + 60, TimeUnit.SECONDS)) {
                brokerSide.shutdownNow();
                if (!brokerSide.awaitTermination(1, TimeUnit.MINUTES)) {
                    Rig.log("soak: the broker's outage is not over; LocalRabbitMq's shutdown hook starts the broker when the bench exits");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        joined.values().forEach(RtpTone::close);
        for (AutoCloseable c : new AutoCloseable[] {relay, source, ours, rtpengine, destination}) {
            if (c != null) {
                Rig.closeQuietly(c);
            }
        }
        deleteExchange();
        if (outagesHeldOff != null) {
            outagesHeldOff.close();
        }
    }

    /** The exchange the service declared for its events, on the shared broker. */
    private void deleteExchange() {
        LocalRabbitMq.deleteQuietly(List.of(), List.of(exchange));
    }
}
