package io.voicebroadcast.gamesession.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.voicebroadcast.gamesession.testing.AppWithFakeVoice;
import io.voicebroadcast.testsupport.HeadlessChromium;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GameSession dashboard's voice nodes in a real headless Chromium, with
 * GAMESESSION_VOICE_NODES=announced: announcements as voice nodes send them
 * ({@code schemas/voice-node-announcements.yaml}) go through the real RabbitMQ to the service; the
 * page lists each node with its free and total slots, draining or not, how long since it was
 * heard, the one gone silent as lost, and follows a node that starts draining. The node list API
 * answers the same, and only with the token.
 */
@DirtiesContext
class NodesDashboardPageTests extends AppWithFakeVoice {

    private static final String EXCHANGE = "voice.nodes.test-" + UUID.randomUUID();
    private static final Duration LOSS = Duration.ofMillis(1500);
    private static final String MARKUP_VERSION = "<img src=x onerror=\"window.__pwned=1\">1.<b>2</b>";
    private static final Path SHOTS = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void announced(DynamicPropertyRegistry r) {
        r.add("gamesession.voice-nodes", () -> "announced");
        r.add("gamesession.node-exchange", () -> EXCHANGE);
        r.add("gamesession.node-loss-ms", () -> String.valueOf(LOSS.toMillis()));
    }

    @LocalServerPort
    int port;

    private JsonHttp api;
    private Connection connection;
    private Channel channel;
    private ScheduledExecutorService heartbeats;
    private final AtomicLong sequence = new AtomicLong();
    /** node id -> its announcement now (state, max, active), sent every 300 ms while present. */
    private final Map<String, Object[]> announcing = new ConcurrentHashMap<>();

    @BeforeEach
    void broker() throws Exception {
        assertThat(HeadlessChromium.isInstalled()).as("chromium and chromium-driver (provisioning/install.sh)").isTrue();
        api = new JsonHttp("http://127.0.0.1:" + port, TOKEN);
        connection = LocalRabbitMq.connectionFactory().newConnection("nodes-dashboard-test");
        channel = connection.createChannel();
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> announcing.forEach(this::announceQuietly), 0, 300, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void close() throws Exception {
        heartbeats.shutdownNow();
        heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        connection.close();
    }

    @AfterAll
    static void deleteExchange() {
        LocalRabbitMq.deleteQuietly(List.of(), List.of(EXCHANGE));
    }

    @Test
    void anOperatorSeesEachNode_itsSlots_drainingAndLost_live() throws Exception {
        announcing.put("node-a", new Object[] {"active", 4, 1});
        announcing.put("node-b", new Object[] {"draining", 2, 2});
        announce("node-c", "active", 3, 0); // once, then silent: lost
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(states(nodes()))
                .containsEntry("node-a", "active").containsEntry("node-b", "draining").containsEntry("node-c", "lost"));

        JsonNode a = node(nodes(), "node-a");
        assertThat(a.path("freeSlots").asInt()).isEqualTo(3);
        assertThat(a.path("maxStreams").asInt()).isEqualTo(4);
        assertThat(a.path("heardAgoMs").asLong()).isLessThan(2000);
        assertThat(node(nodes(), "node-b").path("freeSlots").asInt()).isZero();
        assertThat(api.post("/gamesession/nodes/list", Map.of(), null).status()).isEqualTo(401);
        assertThat(api.post("/gamesession/nodes/list", Map.of(), "not-the-token").status()).isEqualTo(403);

        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
            WebDriver page = browser.driver();
            page.get("http://127.0.0.1:" + port + "/dashboard");
            assertThat(page.findElement(By.id("nodes")).isDisplayed()).isFalse();
            assertThat(page.findElements(By.cssSelector("#node-rows tr"))).isEmpty();
            page.findElement(By.id("token")).sendKeys(TOKEN);
            page.findElement(By.cssSelector("#signin button[type=submit]")).click();

            WebElement rowA = await().atMost(Duration.ofSeconds(10)).until(() -> row(page, "node-a"), r -> r != null);
            assertThat(rowA.findElement(By.cssSelector("[data-field=node-state]")).getText()).isEqualTo("active");
            WebElement slotsA = rowA.findElement(By.cssSelector("[data-field=node-slots]"));
            assertThat(slotsA.getAttribute("data-free")).isEqualTo("3");
            assertThat(slotsA.getAttribute("data-max")).isEqualTo("4");
            assertThat(slotsA.getText()).isEqualTo("3 free of 4 (1 on air)");
            assertThat(rowA.findElement(By.cssSelector("[data-field=node-heard]")).getText()).matches("\\d+\\.\\d s ago");
            assertThat(rowA.findElement(By.cssSelector("a")).getAttribute("href")).isEqualTo("http://127.0.0.1:9001/dashboard/");
            assertThat(rowA.getText()).contains(MARKUP_VERSION);
            assertThat(browser.script("return window.__pwned === undefined;")).isEqualTo(true);

            WebElement rowB = row(page, "node-b");
            assertThat(rowB.findElement(By.cssSelector("[data-field=node-state]")).getText()).isEqualTo("draining");
            assertThat(rowB.findElement(By.cssSelector("[data-field=node-slots]")).getText()).isEqualTo("0 free of 2 (2 on air)");
            assertThat(row(page, "node-c").findElement(By.cssSelector("[data-field=node-state]")).getText()).isEqualTo("lost");
            assertThat(page.findElement(By.id("node-summary")).getText()).isEqualTo("2 heard, 3 free slots");

            // node-a starts draining: the page follows on its own (the feed), its free slots gone
            announcing.put("node-a", new Object[] {"draining", 4, 1});
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(row(page, "node-a").findElement(By.cssSelector("[data-field=node-state]")).getText()).isEqualTo("draining");
                assertThat(row(page, "node-a").findElement(By.cssSelector("[data-field=node-slots]")).getText())
                        .isEqualTo("0 free of 4 (1 on air)");
            });

            browser.fullPageScreenshot(SHOTS.resolve("dashboard-gamesession-nodes-1280.png"), 1280);
            browser.fullPageScreenshot(SHOTS.resolve("dashboard-gamesession-nodes-390.png"), 390);
            // narrow: nothing wider than the window
            browser.resize(390, 800);
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;")).isEqualTo(true);
        }
    }

    private void announceQuietly(String nodeId, Object[] a) {
        try {
            announce(nodeId, (String) a[0], (Integer) a[1], (Integer) a[2]);
        } catch (Exception e) {
            // the next beat tries again
        }
    }

    /** One announcement, as a voice node sends it. */
    private synchronized void announce(String nodeId, String state, int max, int active) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("event_name", "voice.node_announced");
        a.put("node_id", nodeId);
        a.put("advertised_url", "http://127.0.0.1:" + (9000 + nodeId.charAt(nodeId.length() - 1) - 'a' + 1));
        a.put("version", MARKUP_VERSION);
        a.put("state", state);
        a.put("max_streams", max);
        a.put("active_streams", active);
        a.put("cpu_headroom", 0.5);
        a.put("rooms", List.of());
        a.put("sequence", sequence.incrementAndGet());
        a.put("timestamp", Instant.now().toString());
        String body = JSON.writeValueAsString(a);
        channel.basicPublish(EXCHANGE, "voice.node." + state, new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(1).expiration("5000").type("voice.node_announced").build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode nodes() {
        JsonHttp.Response r = api.post("/gamesession/nodes/list", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.text("mode")).isEqualTo("announced");
        return r.json().path("nodes");
    }

    private static Map<String, String> states(JsonNode nodes) {
        Map<String, String> states = new TreeMap<>();
        nodes.forEach(n -> states.put(n.path("nodeId").asString(), n.path("state").asString()));
        return states;
    }

    private static JsonNode node(JsonNode nodes, String id) {
        for (JsonNode n : nodes) {
            if (n.path("nodeId").asString().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id + " in " + nodes);
    }

    private static WebElement row(WebDriver page, String nodeId) {
        List<WebElement> rows = page.findElements(By.cssSelector("#node-rows tr[data-key='" + nodeId + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }
}
