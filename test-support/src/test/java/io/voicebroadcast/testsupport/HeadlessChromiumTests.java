package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

class HeadlessChromiumTests {

    @Test
    void opensAPage_runsScripts_takesAScreenshot_andLeavesNothingBehind() throws Exception {
        List<Long> before = chromiumPids();
        Path profile;
        try (ScratchDir shots = ScratchDir.create("chromium-shots-");
             HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
            browser.driver().get("data:text/html,<title>t</title><p id=x>hello</p>");
            assertThat(browser.driver().findElement(By.id("x")).getText()).isEqualTo("hello");
            browser.resize(390, 700);
            assertThat(((Number) browser.script("return window.innerWidth;")).intValue()).isEqualTo(390);
            Path png = browser.screenshot(shots.resolve("page.png"));
            assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
            profile = Path.of(String.valueOf(browser.script("return 1;"))); // the page runs scripts
        }
        assertThat(profile).isNotNull();
        // the browser and the driver are gone (their processes exit within moments of quit)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> chromiumPids().stream().allMatch(before::contains));
    }

    private static List<Long> chromiumPids() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/chromium") || c.endsWith("/chromedriver")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
