package io.voicebroadcast.gamesession.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.events.CameraEventHandler;
import io.voicebroadcast.gamesession.testing.AppWithFakeVoice;
import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import io.voicebroadcast.testsupport.HeadlessChromium;
import io.voicebroadcast.testsupport.JsonHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The GameSession dashboard in a real headless Chromium (the voice service faked): the page shows
 * nothing without the token, then each configured session with its phase, its cameras (a name
 * holding markup shown as text), its destinations masked, and a link to its voice node's page.
 */
class DashboardPageTests extends AppWithFakeVoice {

    private static final String KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    private static final String MARKUP_NAME = "<img src=x onerror=\"window.__pwned=1\">Pit <i>lane</i>";
    /** Where the screenshots go: docs/images when asked (-Ddashboard.screenshots=...), else target/. */
    private static final Path SHOTS = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"));

    @LocalServerPort
    int port;
    @Autowired
    FakeVoiceClient voice;
    @Autowired
    CameraEventHandler events;

    private JsonHttp api;
    private final UUID onAir = UUID.randomUUID();
    private final UUID waiting = UUID.randomUUID();
    private final UUID game = UUID.randomUUID();
    private final List<String> started = new ArrayList<>();

    @BeforeEach
    void client() {
        assertThat(HeadlessChromium.isInstalled()).as("chromium and chromium-driver (provisioning/install.sh)").isTrue();
        voice.reset();
        api = new JsonHttp("http://127.0.0.1:" + port, TOKEN);
    }

    @AfterEach
    void forget() {
        for (UUID s : List.of(onAir, waiting)) {
            api.post("/gamesession/broadcast/stop", Map.of("sessionId", s.toString()));
        }
        // the context is shared: its registry keeps no live camera of this test
        for (String camera : started) {
            events.handle(new CameraEvent.Ended(UUID.randomUUID(), Instant.now(), new CameraKey(game, camera), EndReason.NORMAL_SHUTDOWN));
        }
        voice.reset();
    }

    @Test
    void anOperatorSeesTheSessions_theirPhaseAndCameras_andNothingWithoutTheToken() {
        configure(onAir, List.of("pit-cam"));
        configure(waiting, List.of());
        camera("pit-cam", onAir, "rtmp://game-1:1935/cameras/" + KEY, MARKUP_NAME);
        camera("grid-cam", onAir, "rtmp://game-1:1935/cameras/grid", "Grid");
        camera("lobby-cam", UUID.randomUUID(), "rtmp://game-1:1935/cameras/lobby", "Lobby");
        String room = await().atMost(Duration.ofSeconds(10)).until(() ->
                status(onAir).text("voiceRoomId"), r -> r != null && !r.isEmpty());

        // the node list: the one static node, its capacity unknown, this broadcast on it in its first placement
        JsonHttp.Response nodes = api.post("/gamesession/nodes/list", Map.of());
        assertThat(nodes.status()).as(nodes.body()).isEqualTo(200);
        assertThat(nodes.text("mode")).isEqualTo("static");
        assertThat(nodes.json().path("nodes")).hasSize(1);
        JsonNode node = nodes.json().path("nodes").path(0);
        assertThat(node.path("nodeId").asString()).isEqualTo("default");
        assertThat(node.path("state").asString()).isEqualTo("active");
        assertThat(node.path("maxStreams").isNull() || node.path("maxStreams").isMissingNode()).as(nodes.body()).isTrue();
        assertThat(node.path("broadcasts").valueStream().map(b -> b.path("sessionId").asString()).toList()).containsExactly(onAir.toString());
        assertThat(node.path("broadcasts").path(0).path("epoch").asLong()).isEqualTo(1);

        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
            WebDriver page = browser.driver();
            page.get("http://127.0.0.1:" + port + "/dashboard");
            assertThat(page.findElement(By.id("signin")).isDisplayed()).isTrue();
            assertThat(page.findElement(By.id("signed-in")).isDisplayed()).isFalse();
            assertThat(requests(browser)).as("calls for data without a token").noneMatch(u -> u.contains("/gamesession/"));
            assertThat(page.getPageSource()).doesNotContain(onAir.toString());

            page.findElement(By.id("token")).sendKeys(TOKEN);
            page.findElement(By.cssSelector("#signin button[type=submit]")).click();

            WebElement card = await().atMost(Duration.ofSeconds(10)).until(() -> card(page, onAir), c -> c != null);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(card.findElement(By.cssSelector("[data-field=phase]")).getAttribute("data-phase")).isEqualTo("on_air"));
            assertThat(card(page, waiting).findElement(By.cssSelector("[data-field=phase]")).getAttribute("data-phase"))
                    .isEqualTo("waiting_for_camera");
            await().atMost(Duration.ofSeconds(10)).until(() -> card.findElements(By.cssSelector("[data-field=camera-name]")).size() == 2);
            WebElement name = card.findElements(By.cssSelector("[data-field=camera-name]")).stream()
                    .filter(e -> e.getText().contains("Pit")).findFirst().orElseThrow();
            assertThat(name.getText()).isEqualTo(MARKUP_NAME);
            assertThat(name.findElements(By.xpath("./*"))).as("elements made from the name").isEmpty();
            assertThat(card.findElement(By.cssSelector("[data-field=camera-on-air]")).getText()).contains(MARKUP_NAME);
            assertThat(browser.script("return window.__pwned === undefined;")).isEqualTo(true);
            assertThat(card.findElement(By.cssSelector("[data-field=voice-link]")).getAttribute("href"))
                    .isEqualTo("http://127.0.0.1:8080/dashboard/#room-" + room);
            assertThat(page.findElement(By.id("other-camera-rows")).getText()).contains("lobby-cam");
            // the one static voice node, its capacity not announced, this broadcast placed on it
            WebElement nodeRow = page.findElement(By.cssSelector("#node-rows tr[data-key=default]"));
            assertThat(nodeRow.findElement(By.cssSelector("[data-field=node-slots]")).getText()).isEqualTo("not announced");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(nodeRow.findElement(By.cssSelector("[data-field=node-broadcasts]")).getText()).contains(onAir.toString().substring(0, 8)));
            assertThat(page.getPageSource()).doesNotContain(KEY);

            browser.fullPageScreenshot(SHOTS.resolve("dashboard-gamesession-1280.png"), 1280);
            browser.fullPageScreenshot(SHOTS.resolve("dashboard-gamesession-390.png"), 390);
        }
    }

    @Test
    void theFeed_answersNothingWithoutTheToken() {
        assertThat(api.post("/gamesession/dashboard/watch", Map.of(), null).status()).isEqualTo(401);
        assertThat(api.post("/gamesession/dashboard/watch", Map.of(), "not-the-token").status()).isEqualTo(403);
        JsonHttp.Response page = api.get("/dashboard/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("GAMESESSION_ADMIN_TOKEN");
    }

    private void configure(UUID session, List<String> preference) {
        JsonHttp.Response r = api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString(),
                "rtmpOutputUrl", "rtmp://live.twitch.tv/app/" + KEY,
                "destinations", List.of(Map.of("destinationId", "youtube", "url", "rtmp://a.rtmp.youtube.com/live2/" + KEY + "yt")),
                "cameraPreference", preference));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private void camera(String id, UUID session, String url, String displayName) {
        events.handle(new CameraEvent.Started(UUID.randomUUID(), Instant.now(), new CameraKey(game, id), session, url, displayName,
                List.of()));
        started.add(id);
    }

    private JsonHttp.Response status(UUID session) {
        return api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()));
    }

    private static WebElement card(WebDriver page, UUID session) {
        List<WebElement> cards = page.findElements(By.cssSelector("article.card[data-key='" + session + "']"));
        return cards.isEmpty() ? null : cards.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> requests(HeadlessChromium browser) {
        return (List<String>) browser.script("return performance.getEntriesByType('resource').map(e => e.name);");
    }
}
