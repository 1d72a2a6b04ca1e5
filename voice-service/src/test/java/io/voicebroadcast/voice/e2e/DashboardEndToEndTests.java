package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.HeadlessChromium;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The operator dashboard in a real headless Chromium, against the real service: a room in audio
 * mode rtpengine (a real RTPEngine, a participant's RTP tone), a camera and a backup camera on
 * nginx RTMP, the broadcast recorded by nginx. What an operator sees and does, checked through the
 * page: the broadcast listed, the camera's loss shown within 2 s, the participant's meter moving
 * with its tone, the preview showing the camera's colour, controls that change the broadcast; and
 * what nobody may see: no data without the token, markup from the API shown as text, no stream key.
 */
class DashboardEndToEndTests extends InProcessService {

    /** The camera's and the backup's colours, as RGB and as FFmpeg spells them. */
    private static final int[] CAMERA_RGB = {0x3a, 0x7b, 0xd5};
    private static final int[] BACKUP_RGB = {0xd5, 0x8b, 0x3a};
    private static final String MARKUP_NAME = "<img src=x onerror=\"window.__pwned=1\">Race <b>7</b>";
    private static final Pattern M_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    /** Where the screenshots go: docs/images when asked (-Ddashboard.screenshots=...), else target/. */
    private static final Path SHOTS = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"));

    @RegisterExtension
    static final RtpEngineForClass RTPENGINE = new RtpEngineForClass();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.withoutDefaultVideo(r, 41600, "600k");
        RTPENGINE.properties(r);
    }

    @LocalServerPort
    int port;
    private JsonHttp api;
    private UUID room;

    @BeforeEach
    void client() {
        assertThat(HeadlessChromium.isInstalled()).as("chromium and chromium-driver (provisioning/install.sh)").isTrue();
        api = e2e.api();
    }

    private TestCamera camera(String name, int[] rgb) {
        return e2e.camera(nginx(), name, TestCamera.solid(String.format("0x%02x%02x%02x", rgb[0], rgb[1], rgb[2]), SIZE, FPS));
    }

    private String dashboard() {
        return "http://127.0.0.1:" + port + "/dashboard";
    }

    @Test
    void anOperatorSeesTheBroadcastLive_andChangesIt_throughThePage() throws Exception {
        JsonHttp.Response created = api.post("/voice/room/create", Map.of("tier", "scaled", "audioMode", "rtpengine",
                "displayName", MARKUP_NAME));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        room = e2e.keep(UUID.fromString(created.text("roomId")));
        JsonHttp.Response joined = api.post("/voice/room/participant/join", Map.of("roomId", room.toString(),
                "participantId", "alice", "sdpOffer", offer(31_000)));
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        Matcher m = M_PORT.matcher(joined.text("sdpAnswer"));
        assertThat(m.find()).isTrue();
        int alicePort = Integer.parseInt(m.group(1));

        String cameraName = "cam-" + UUID.randomUUID();
        String backupName = "cam-" + UUID.randomUUID();
        TestCamera camera = camera(cameraName, CAMERA_RGB);
        camera(backupName, BACKUP_RGB);
        String key = secretKey();
        JsonHttp.Response started = api.post("/voice/room/stream/start", Map.of("roomId", room.toString(),
                "rtmpOutputUrl", nginx().outputUrl(key), "backgroundVideoUrl", nginx().liveUrl(cameraName),
                "fallbackStreamUrl", nginx().liveUrl(backupName)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        HeadlessChromium browser = e2e.closeLater(HeadlessChromium.start(1280, 900));
        WebDriver page = browser.driver();

        // Without the token: the form and nothing else; no call for data was even made.
        page.get(dashboard());
        assertThat(page.getCurrentUrl()).endsWith("/dashboard/");
        assertThat(page.findElement(By.id("signin")).isDisplayed()).isTrue();
        assertThat(page.findElement(By.id("broadcasts")).isDisplayed()).isFalse();
        assertThat(page.findElements(By.cssSelector("article.card"))).isEmpty();
        assertThat(requestsFor(browser, "/voice/")).as("calls for data without a token").isEmpty();
        assertThat(page.getPageSource()).doesNotContain(room.toString());
        // A wrong token: refused, forgotten, the form again with why; still no broadcast on the page.
        signIn(page, "not-the-admin-token");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(page.findElement(By.id("signin-error")).getText()).contains("refused"));
        assertThat(page.findElement(By.id("broadcasts")).isDisplayed()).isFalse();
        assertThat(page.findElements(By.cssSelector("article.card"))).isEmpty();
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(0L);

        // The admin token: the broadcast is listed, its name shown as text, never as markup.
        signIn(page, E2eFixture.TOKEN);
        WebElement card = await().atMost(Duration.ofSeconds(15)).until(() -> cardOf(page), c -> c != null);
        WebElement title = card.findElement(By.cssSelector("[data-field=title]"));
        assertThat(title.getText()).isEqualTo(MARKUP_NAME);
        assertThat(title.findElements(By.xpath("./*"))).as("elements made from the name").isEmpty();
        assertThat(browser.script("return window.__pwned === undefined;")).isEqualTo(true);
        assertThat(page.getCurrentUrl()).doesNotContain(E2eFixture.TOKEN);
        assertThat(browser.script("return document.cookie;")).isEqualTo("");
        awaitOnAir(page, "primary_stream", Duration.ofSeconds(15));

        // The preview is the camera's picture.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertColour(meanPreviewColour(browser), CAMERA_RGB));

        // The participant is listed silent; its tone moves its meter.
        await().atMost(Duration.ofSeconds(10)).until(() -> meterOf(page, "alice") != null);
        assertThat(level(meterOf(page, "alice"))).isLessThan(-50);
        e2e.closeLater(RtpTone.start(alicePort, 440, RtpTone.Codec.OPUS));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(level(meterOf(page, "alice"))).isGreaterThan(-30));

        screenshots(browser, "voice");

        // The page shows the cascade: the backup decoding, ready to take over (warm standby).
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cardOf(page).findElement(By.cssSelector("ol.cascade li[data-key=fallback_stream]")).getAttribute("data-state"))
                        .as("the backup's rung on the page").isEqualTo("delivering"));

        // The camera dies: the page shows the backup within 2 s.
        long killed = System.nanoTime();
        camera.close();
        Duration shown = awaitOnAir(page, "fallback_stream", Duration.ofSeconds(2));
        System.out.printf("dashboard: camera killed -> backup shown on the page in %d ms%n", shown.toMillis());
        assertThat(System.nanoTime() - killed).isLessThan(Duration.ofSeconds(2).toNanos());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertColour(meanPreviewColour(browser), BACKUP_RGB));

        // Controls: add a destination, see it, remove it; leave the participant out of the mix.
        String key2 = secretKey();
        WebElement add = card.findElement(By.cssSelector("form[data-form=add-destination]"));
        add.findElement(By.name("destinationId")).sendKeys("second");
        add.findElement(By.name("url")).sendKeys(nginx().outputUrl("out2", key2));
        add.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(destinationIds(e2e.status(room).json())).containsExactly("d1", "second"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(card.findElement(By.cssSelector("[data-field=destinations]")).getText()).contains("second")
                        .contains(nginx().outputUrl("out2", "****")));
        WebElement remove = card.findElement(By.xpath(".//button[contains(., 'Remove second')]"));
        remove.click();
        assertThat(destinationIds(e2e.status(room).json())).as("one press only arms it").containsExactly("d1", "second");
        remove.click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(destinationIds(e2e.status(room).json())).containsExactly("d1"));

        meterOf(page, "alice").findElement(By.xpath("ancestor::tr//input[@type='checkbox']")).click();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(participant(e2e.status(room).json(), "alice")
                .path("excluded").asBoolean()).isTrue());

        // No stream key anywhere the page holds.
        assertNoSecretIn("the page", page.getPageSource());
        assertNoSecretIn("the page's text", String.valueOf(browser.script("return document.body.innerText;")));

        // Stop, confirmed: the broadcast ends and leaves the page.
        WebElement stop = card.findElement(By.xpath(".//button[contains(., 'Stop the broadcast')]"));
        stop.click();
        stop.click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(e2e.status(room).json().path("isStreaming").asBoolean()).isFalse());
        await().atMost(Duration.ofSeconds(5)).until(() -> cardOf(page) == null);
    }

    @Test
    void aLayoutsSlots_areShownEachWithItsSourceAndCascade_live() {
        room = e2e.room("scaled");
        String leftName = "cam-left-" + UUID.randomUUID();
        String rightName = "cam-right-" + UUID.randomUUID();
        camera(leftName, CAMERA_RGB);
        TestCamera right = camera(rightName, BACKUP_RGB);
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of("layout", "side_by_side", "slots", List.of(
                Map.of("backgroundVideoUrl", nginx().liveUrl(leftName)),
                Map.of("backgroundVideoUrl", nginx().liveUrl(rightName), "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()))));
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        HeadlessChromium browser = e2e.closeLater(HeadlessChromium.start(1280, 900));
        WebDriver page = browser.driver();
        page.get(dashboard());
        signIn(page, E2eFixture.TOKEN);
        WebElement card = await().atMost(Duration.ofSeconds(15)).until(() -> cardOf(page), c -> c != null);

        // each slot with its place, the camera it shows (its URL masked: the stream name is a key) and its own cascade
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(slotOnAir(page, 0).getAttribute("data-source-type")).isEqualTo("primary_stream");
            assertThat(slotOnAir(page, 1).getAttribute("data-source-type")).isEqualTo("primary_stream");
        });
        assertThat(card.findElement(By.cssSelector("[data-field=layout]")).getText()).startsWith("Layout: Side by side");
        assertThat(slot(page, 0).findElement(By.cssSelector("[data-field=slot-name]")).getText()).isEqualTo("Slot 1 (left)");
        assertThat(slot(page, 1).findElement(By.cssSelector("[data-field=slot-name]")).getText()).isEqualTo("Slot 2 (right)");
        for (int i = 0; i < 2; i++) {
            assertThat(slotOnAir(page, i).getText()).isEqualTo("On air: Camera · " + nginx().liveUrl("****"));
            assertThat(slot(page, i).findElement(By.cssSelector("ol.cascade li[data-key=primary_stream]")).getText()).contains("on air");
        }
        assertThat(slot(page, 0).findElements(By.cssSelector("ol.cascade li[data-key=fallback_image]"))).as("slot 1's cascade").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(slot(page, 1).findElement(By.cssSelector("ol.cascade li[data-key=fallback_image]")).getAttribute("data-state"))
                        .as("slot 2's image, ready").isEqualTo("delivering"));
        assertThat(card.findElement(By.cssSelector("ol.cascade")).isDisplayed()).as("the single layout's cascade").isFalse();
        screenshots(browser, "voice-layout");

        // the right camera dies: its slot falls back to its image on the page, the left one stays on its camera
        right.close();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(slotOnAir(page, 1).getAttribute("data-source-type")).isEqualTo("fallback_image"));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(card.findElement(By.cssSelector("[data-field=on-air]")).getText())
                .as("the preview's caption").isEqualTo("On air: Side by side · 1: Camera, 2: Fallback image"));
        assertThat(slot(page, 1).findElement(By.cssSelector("ol.cascade li[data-key=primary_stream]")).getAttribute("data-state"))
                .isNotEqualTo("delivering");
        assertThat(slotOnAir(page, 0).getAttribute("data-source-type")).isEqualTo("primary_stream");

        // picture in picture, then single: the page follows; single shows its one cascade again
        JsonHttp.Response pip = api.post("/voice/room/stream/layout", Map.of("roomId", room.toString(), "layout", "pip",
                "insetCorner", "top_right"));
        assertThat(pip.status()).as(pip.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(cardOf(page).findElement(By.cssSelector("[data-field=layout]"))
                .getText()).startsWith("Layout: Picture in picture, inset top right"));
        assertThat(slot(page, 1).findElement(By.cssSelector("[data-field=slot-name]")).getText()).isEqualTo("Slot 2 (inset)");
        JsonHttp.Response single = api.post("/voice/room/stream/layout", Map.of("roomId", room.toString(), "layout", "single"));
        assertThat(single.status()).as(single.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(cardOf(page).findElement(By.cssSelector("[data-field=layout]")).isDisplayed()).isFalse();
            assertThat(cardOf(page).findElement(By.cssSelector("ol.cascade li[data-key=primary_stream]")).getText()).contains("on air");
        });
        assertThat(cardOf(page).findElements(By.cssSelector("[data-field=slots] li"))).isEmpty();
        assertNoSecretIn("the page", page.getPageSource());
    }

    private WebElement slot(WebDriver page, int slot) {
        return cardOf(page).findElement(By.cssSelector("[data-field=slots] li[data-key='" + slot + "']"));
    }

    private WebElement slotOnAir(WebDriver page, int slot) {
        return slot(page, slot).findElement(By.cssSelector("[data-field=slot-on-air]"));
    }

    @Test
    void theFeedAndThePreview_answerNothingWithoutTheToken() {
        JsonHttp anonymous = new JsonHttp("http://127.0.0.1:" + port, null);
        assertThat(anonymous.post("/voice/dashboard/watch", Map.of(), null).status()).isEqualTo(401);
        assertThat(anonymous.post("/voice/dashboard/watch", Map.of(), "wrong-token").status()).isEqualTo(403);
        assertThat(anonymous.post("/voice/room/stream/preview", Map.of("roomId", UUID.randomUUID().toString()), null).status())
                .isEqualTo(401);
        JsonHttp.Response page = anonymous.get("/dashboard/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("VOICE_ADMIN_TOKEN");
    }

    // ---------------------------------------------------------------- the page

    private static void signIn(WebDriver page, String token) {
        WebElement input = page.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        page.findElement(By.cssSelector("#signin button[type=submit]")).click();
    }

    private WebElement cardOf(WebDriver page) {
        List<WebElement> cards = page.findElements(By.cssSelector("article.card[data-key='" + room + "']"));
        return cards.isEmpty() ? null : cards.get(0);
    }

    /** Until the page's caption says this source type is on air; how long that took. */
    private Duration awaitOnAir(WebDriver page, String type, Duration timeout) {
        long start = System.nanoTime();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(cardOf(page).findElement(By.cssSelector("[data-field=on-air]")).getAttribute("data-source-type"))
                        .as("on air, the page's cascade: %s", cardOf(page).findElement(By.cssSelector("ol.cascade")).getText())
                        .isEqualTo(type));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private WebElement meterOf(WebDriver page, String participant) {
        WebElement card = cardOf(page);
        if (card == null) {
            return null;
        }
        List<WebElement> meters = card.findElements(By.cssSelector("tr[data-key='" + participant + "'] meter"));
        return meters.isEmpty() ? null : meters.get(0);
    }

    private static double level(WebElement meter) {
        return Double.parseDouble(meter.getAttribute("data-level-dbfs"));
    }

    /** The preview image's mean colour, read back from the page through a canvas. */
    @SuppressWarnings("unchecked")
    private double[] meanPreviewColour(HeadlessChromium browser) {
        List<Number> rgb = (List<Number>) browser.script("""
                const img = document.querySelector("article.card[data-key='" + arguments[0] + "'] img[data-field=preview]");
                if (!img || !img.complete || !img.naturalWidth) return null;
                const canvas = document.createElement('canvas');
                canvas.width = img.naturalWidth;
                canvas.height = img.naturalHeight;
                const g = canvas.getContext('2d');
                g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
                let r = 0, gr = 0, b = 0;
                for (let i = 0; i < d.length; i += 4) { r += d[i]; gr += d[i + 1]; b += d[i + 2]; }
                const n = d.length / 4;
                return [r / n, gr / n, b / n];
                """, room.toString());
        assertThat(rgb).as("a preview on the page").isNotNull();
        return new double[] {rgb.get(0).doubleValue(), rgb.get(1).doubleValue(), rgb.get(2).doubleValue()};
    }

    private static void assertColour(double[] mean, int[] expected) {
        for (int c = 0; c < 3; c++) {
            assertThat(mean[c]).as("channel %d of the preview", c).isCloseTo(expected[c], within(20.0));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> requestsFor(HeadlessChromium browser, String path) {
        return ((List<String>) browser.script("return performance.getEntriesByType('resource').map(e => e.name);"))
                .stream().filter(u -> u.contains(path)).toList();
    }

    private static void screenshots(HeadlessChromium browser, String name) {
        browser.resize(1280, 720);
        browser.screenshot(SHOTS.resolve("dashboard-" + name + ".png")); // the README's first screen
        browser.fullPageScreenshot(SHOTS.resolve("dashboard-" + name + "-1280.png"), 1280);
        browser.fullPageScreenshot(SHOTS.resolve("dashboard-" + name + "-390.png"), 390);
    }

    // ---------------------------------------------------------------- the API

    private static String offer(int port) {
        return "v=0\r\no=- " + port + " 1 IN IP4 127.0.0.1\r\ns=participant\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\na=sendonly\r\na=ptime:20\r\n";
    }

    private static List<String> destinationIds(JsonNode status) {
        return status.path("destinations").valueStream().map(d -> d.path("destinationId").asString()).toList();
    }

    private static JsonNode participant(JsonNode status, String id) {
        return status.path("participants").valueStream().filter(p -> p.path("participantId").asString().equals(id))
                .findFirst().orElseThrow();
    }
}
