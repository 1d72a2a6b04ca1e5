package io.voicebroadcast.bench;

import io.voicebroadcast.bench.ErrorLines.Cause;
import io.voicebroadcast.bench.ErrorLines.Disturbance;
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
import java.util.HashSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    static final Map<String, Integer> BOUNDED_POOLS = Map.of("rabbitConnectio", Runtime.getRuntime().availableProcessors() + 1);
    /**
     * Open files that come and go with the clients, not the service: the connections accepted from
     * the bench's own HTTP client (status, metrics) stay open between samples while its keep-alive
     * lasts, so a sample sees one or none.
     */
    static final Map<String, Integer> BOUNDED_FILES = Map.of("socket:[tcp accepted]", 4);
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
    private final List<SoakMixCheck> mixChecks = new ArrayList<>();
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
            case MIX_CHECK -> mixCheck(step);
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

    /** Whether this cycle's participants, and the steady one, are in the room's mix while present. */
    private void mixCheck(Step step) {
        Set<String> expected = new HashSet<>(joined.keySet());
        expected.add(STEADY);
        Set<String> mixed = new HashSet<>();
        for (JsonNode p : ours.status(room).path("participants")) {
            mixed.add(p.path("participantId").asString());
        }
        SoakMixCheck check = new SoakMixCheck(step.cycle(), expected, mixed);
        mixChecks.add(check);
        if (!check.allMixed()) {
            Rig.log("soak " + clock(step.atSecond()) + ": not all of " + expected + " in the mix " + (SoakPlan.MIX_CHECK_AT - SoakPlan.JOIN_AT)
                    + " s after joining: " + mixed);
        }
    }

    private void sample(Step step) {
        long pid = ours.pid();
        double at = (System.nanoTime() - onAirNanos) / 1e9;
        // First, so that the resident memory of a sample that collected is read after the collection, as in the other window.
        HeapAfterGc heap = HeapAfterGc.of(pid, rig.runDir, plan.inGrowthWindow(step.atSecond()));
        Census files = Census.exact(ProcTree.openFileTargets(pid));
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
    static JsonNode destination(JsonNode status) {
        return status.path("destinations").path(0);
    }

    static String clock(double seconds) {
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
        new SoakReport(rig.runDir, plan, key, destination, samples, disturbances, failedSteps, joins, leaves, mixChecks).write(table, last, metrics, log);
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
