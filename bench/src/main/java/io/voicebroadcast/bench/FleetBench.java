package io.voicebroadcast.bench;

import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.fleet.AnnouncedFleet;
import io.voicebroadcast.gamesession.fleet.NodeRegistry;
import io.voicebroadcast.gamesession.fleet.NodeState;
import io.voicebroadcast.gamesession.fleet.VoiceNode;
import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.TestCamera;
import io.voicebroadcast.voice.fleet.NodeAnnouncement;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The fleet (docs/fleet.md): a node killed with SIGKILL to its broadcast on air on another node,
 * through real processes (two voice nodes and the GameSession service from their jars, RabbitMQ,
 * nginx, a camera), the loss time's share shown; the placement decision with 10 nodes announced,
 * in this JVM with the GameSession service's classes; the heartbeat's bytes per node, from the
 * announcement the voice service writes and the AMQP frames around it.
 */
final class FleetBench {

    static final Duration LOSS = Duration.ofSeconds(3);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(60);
    static volatile int blackhole;

    private FleetBench() {
    }

    static void run(Path root, Table table, boolean quick) throws Exception {
        placement(table, quick);
        heartbeat(table);
        killed(root, table, quick);
    }

    /** Placement among 10 announced nodes, 30 broadcasts placed: the candidates ranked, as each start asks. */
    static void placement(Table table, boolean quick) {
        NodeRegistry registry = new NodeRegistry(Clock.systemUTC(), LOSS);
        Map<String, Set<UUID>> placed = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            Set<UUID> rooms = new HashSet<>();
            for (int r = 0; r < 3; r++) {
                rooms.add(UUID.randomUUID());
            }
            registry.heard(new VoiceNode("node-" + i, "http://10.0.0." + i + ":8080", "bench", NodeState.ACTIVE, 5, rooms.size(),
                    0.1 * i, rooms, Instant.now()));
            placed.put("node-" + i, rooms);
        }
        AnnouncedFleet fleet = new AnnouncedFleet(registry, url -> null, 0.1);
        int warmUp = 20_000;
        int runs = quick ? 20_000 : 100_000;
        int sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += fleet.candidates(placed).size();
        }
        List<Double> micros = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            sink += fleet.candidates(placed).size();
            micros.add((System.nanoTime() - t) / 1e3);
        }
        blackhole = sink;
        double p99Ms = Stats.percentile(micros, 99) / 1000;
        table.add(new Table.Row("fleet", "placement decision, 10 nodes announced (p99)", p99Ms, Double.NaN, "ms", "≤ 10 ms", p99Ms <= 10,
                String.format("median %.1f µs of %d decisions, 30 broadcasts placed", Stats.median(micros), runs)));
    }

    /** One node's announcement: its JSON and the AMQP frames that carry it, every heartbeat (1 s). */
    static void heartbeat(Table table) {
        for (int rooms : new int[] {0, 5}) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                ids.add(UUID.randomUUID());
            }
            NodeAnnouncement a = new NodeAnnouncement("voice-node-01:8080", "http://10.0.12.34:8080", "0.1.0-SNAPSHOT",
                    io.voicebroadcast.voice.fleet.NodeState.ACTIVE, 5, rooms, 0.625, ids, 123_456, Instant.now());
            int body = a.json().length;
            int bytes = body + amqpFraming(a);
            table.add(new Table.Row("fleet", "heartbeat traffic per node, " + rooms + " rooms streaming", bytes, Double.NaN, "B/s", "", null,
                    body + " B of JSON + " + (bytes - body) + " B of AMQP frames, one a second"));
        }
    }

    /** basic.publish, the content header with the properties the node sets, and the body frame's envelope. */
    static int amqpFraming(NodeAnnouncement a) {
        int frame = 8; // type, channel, size, end
        int method = frame + 4 + 2 + (1 + "voice.nodes".length()) + (1 + a.routingKey().length()) + 1;
        int properties = (1 + "application/json".length()) + (1 + "UTF-8".length()) + 1 + (1 + "5000".length())
                + (1 + NodeAnnouncement.EVENT_NAME.length()) + 8 + (1 + "voice-service".length());
        int header = frame + 12 + 2 + properties;
        return method + header + frame;
    }

    /** SIGKILL of the node holding a broadcast, to the broadcast on air with the camera on the other node. */
    static void killed(Path root, Table table, boolean quick) throws Exception {
        Path voiceJar = root.resolve("voice-service/target/voice-service-0.1.0-SNAPSHOT.jar");
        Path gamesessionJar = root.resolve("gamesession-service/target/gamesession-service-0.1.0-SNAPSHOT.jar");
        LocalRabbitMq.ensureRunning();
        String run = UUID.randomUUID().toString();
        String nodeExchange = "voice.nodes.bench-" + run;
        String cameraExchange = "camera.events.bench-" + run;
        String cameraQueue = "gamesession.camera-events.bench-" + run;
        String token = "bench-" + run;
        List<Double> millis = new ArrayList<>();
        Map<String, ServiceProcess> nodes = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ServiceProcess gamesession = null;
        try (NginxRtmpServer nginx = NginxRtmpServer.start();
             TestCamera camera = TestCamera.start(nginx.liveUrl("cam"), TestCamera.solid("red", "640x360", 30))) {
            for (int i = 1; i <= 2; i++) {
                ports.put("node-" + i, NginxRtmpServer.freePort());
                nodes.put("node-" + i, startNode(voiceJar, "node-" + i, ports.get("node-" + i), 44000 + 100 * i, nodeExchange, token));
            }
            int gsPort = NginxRtmpServer.freePort();
            gamesession = ServiceProcess.start("gamesession-service", gamesessionJar, gsPort, Map.ofEntries(
                    Map.entry("GAMESESSION_ADMIN_TOKEN", token), Map.entry("GAMESESSION_VOICE_ADMIN_TOKEN", token),
                    Map.entry("GAMESESSION_VOICE_NODES", "announced"), Map.entry("GAMESESSION_NODE_EXCHANGE", nodeExchange),
                    Map.entry("GAMESESSION_NODE_LOSS_MS", String.valueOf(LOSS.toMillis())),
                    Map.entry("GAMESESSION_PLACEMENT_MIN_CPU_HEADROOM", "0"), Map.entry("GAMESESSION_RECONCILE_TICK_MS", "100"),
                    Map.entry("GAMESESSION_RECONCILE_RETRY_MIN_MS", "200"), Map.entry("GAMESESSION_RECONCILE_RETRY_MAX_MS", "1000"),
                    Map.entry("GAMESESSION_CAMERA_EXCHANGE", cameraExchange), Map.entry("GAMESESSION_CAMERA_QUEUE", cameraQueue)),
                    List.of());
            for (ServiceProcess n : nodes.values()) {
                n.awaitHealthy(START_TIMEOUT);
            }
            gamesession.awaitHealthy(START_TIMEOUT);
            camera.awaitPublishing(nginx, "cam", Duration.ofSeconds(15));
            JsonHttp api = new JsonHttp(gamesession.baseUrl(), token);
            UUID session = UUID.randomUUID();
            Thread.sleep(3000); // both nodes announced
            api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString(),
                    "rtmpOutputUrl", nginx.outputUrl("bench-fleet-" + run), "cameraPreference", List.of("cam")));
            try (CameraEventPublisher publisher = CameraEventPublisher.connect(LocalRabbitMq.URI, cameraExchange)) {
                publisher.publish(new CameraStreamStartedEvent(UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), "cam", UUID.randomUUID(),
                        nginx.liveUrl("cam")).sessionId(session));
            }
            String holder = awaitOnAir(api, session, null);
            int kills = quick ? 1 : 3;
            for (int k = 0; k < kills; k++) {
                ServiceProcess victim = nodes.get(holder);
                Instant killed = Instant.now();
                victim.kill();
                String now = awaitOnAir(api, session, holder);
                millis.add((double) Duration.between(killed, Instant.now()).toMillis());
                Bench.log("fleet: " + holder + " killed, the broadcast on air on " + now + " after " + millis.get(millis.size() - 1) + " ms");
                nodes.put(holder, startNode(voiceJar, holder, ports.get(holder), holder.equals("node-1") ? 44100 : 44200, nodeExchange, token)
                        .awaitHealthy(START_TIMEOUT));
                Thread.sleep(LOSS.toMillis()); // heard again
                holder = now;
            }
            api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        } finally {
            if (gamesession != null) {
                gamesession.close();
            }
            nodes.values().parallelStream().forEach(ServiceProcess::close);
            LocalRabbitMq.deleteQuietly(List.of(cameraQueue, cameraQueue + ".dlq"), List.of(nodeExchange, cameraExchange, cameraQueue + ".dlx"));
        }
        double median = Stats.median(millis);
        table.add(new Table.Row("fleet", "node SIGKILL → its broadcast on air on another node (camera on air)", median, Double.NaN, "ms",
                "≤ 10000 ms", median <= 10_000, String.format("median of %d kills, max %.0f ms; the loss time is %d ms of it",
                        millis.size(), Stats.max(millis), LOSS.toMillis())));
    }

    private static ServiceProcess startNode(Path jar, String id, int port, int audioPortMin, String exchange, String token) {
        return ServiceProcess.start("voice-" + id, jar, port, Map.ofEntries(
                Map.entry("VOICE_STREAMING_ENABLED", "true"), Map.entry("VOICE_ADMIN_TOKEN", token),
                Map.entry("VOICE_DEFAULT_BACKGROUND_VIDEO", "/nonexistent/default.mp4"),
                Map.entry("VOICE_STREAMING_VIDEO_SIZE", "640x360"), Map.entry("VOICE_STREAMING_VIDEO_BITRATE", "800k"),
                Map.entry("VOICE_AUDIO_RTP_PORT_MIN", String.valueOf(audioPortMin)),
                Map.entry("VOICE_AUDIO_RTP_PORT_MAX", String.valueOf(audioPortMin + 99)),
                Map.entry("VOICE_NODE_ANNOUNCE", "true"), Map.entry("VOICE_NODE_ID", id),
                Map.entry("VOICE_NODE_ADVERTISED_URL", "http://127.0.0.1:" + port), Map.entry("VOICE_NODE_EXCHANGE", exchange)),
                List.of());
    }

    /** Waits for the session on air with its camera on a node other than {@code notOn}; returns the node. */
    private static String awaitOnAir(JsonHttp api, UUID session, String notOn) throws InterruptedException {
        Instant deadline = Instant.now().plus(ON_AIR_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            JsonHttp.Response st = api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()));
            last = st.body();
            String node = st.json().path("node").path("nodeId").asString("");
            if ("on_air".equals(st.text("phase")) && !node.isEmpty() && !node.equals(notOn)
                    && "primary_stream".equals(st.json().path("voiceStream").path("videoSourceType").asString(""))) {
                return node;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the broadcast is not on air on another node within " + ON_AIR_TIMEOUT + ": " + last);
    }
}
