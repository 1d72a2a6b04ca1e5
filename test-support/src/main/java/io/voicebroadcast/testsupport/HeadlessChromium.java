package io.voicebroadcast.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the dashboards' tests: Debian's Chromium, headless, driven through Debian's
 * {@code /usr/bin/chromedriver} by Selenium WebDriver (never a driver or browser that Selenium
 * would download: both paths are given, so Selenium Manager is not asked). A fresh profile in a
 * {@link ScratchDir} per browser; no background networking, no component updates, no sync, no
 * QUIC, so it talks to nothing but the page under test. {@link #close()} ends the browser and
 * the driver and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Loading the page and its modules on a loaded 2-core machine. */
    static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    /** An async script (a fetch from the page) returns within this. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Selenium warns on every start that it has no DevTools (CDP) bindings for this Chromium: we
     * use none (WebDriver only). Held here so that the level stays set.
     */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    static {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    }

    private final ScratchDir profile;
    /** The browser's TMPDIR, short: its singleton socket goes there (a socket path holds at most 107 bytes). */
    private final ScratchDir tmp;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ScratchDir profile, ScratchDir tmp, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.tmp = tmp;
        this.service = service;
        this.driver = driver;
    }

    /** Whether Debian's chromium and chromium-driver are installed (provisioning/install.sh installs them). */
    public static boolean isInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * A browser whose window is {@code width} x {@code height} CSS pixels. Chromium that exits
     * while its session is made (seen in full runs on a loaded machine, never alone) is started
     * again with a fresh profile after a pause, up to {@link #START_ATTEMPTS} times; every failed
     * attempt prints the driver's log tail, and the last failure carries it.
     */
    public static HeadlessChromium start(int width, int height) {
        if (!isInstalled()) {
            throw new IllegalStateException(CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver (provisioning/install.sh does)");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(width, height);
            } catch (SessionNotCreatedException e) {
                System.err.println("HeadlessChromium: the browser exited while starting (attempt " + attempt + " of "
                        + START_ATTEMPTS + "): " + e.getRawMessage());
                for (Throwable detail : e.getSuppressed()) {
                    System.err.println(detail.getMessage());
                }
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** How many times a browser that exits while starting is started. */
    static final int START_ATTEMPTS = 3;

    private static void pause(int attempt) {
        try {
            Thread.sleep(2_000L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to start the browser again", e);
        }
    }

    private static HeadlessChromium startOnce(int width, int height) {
        ScratchDir profile = ScratchDir.create("chromium-profile-");
        // TMPDIR: what the browser writes to a temporary directory is deleted with it. Not inside
        // the profile: under a tagged run that path is too long for the singleton socket Chromium
        // makes there, and the browser exits at once ("Socket path too long").
        ScratchDir tmp = ScratchDir.createShort("chromium-tmp-");
        Path driverLog = profile.resolve("chromedriver.log");
        ChromeDriverService service = null;
        try {
            service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                    .withEnvironment(java.util.Map.of("TMPDIR", tmp.path().toString()))
                    .withLogFile(driverLog.toFile()).build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=" + width + "," + height,
                    // the browser's own log (chrome_debug.log in the profile) for a start that fails
                    "--enable-logging", "--v=0", "--user-data-dir=" + profile.directory("user-data")));
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT).scriptTimeout(SCRIPT_TIMEOUT);
            return new HeadlessChromium(profile, tmp, service, driver);
        } catch (RuntimeException e) {
            if (service != null) {
                service.stop();
            }
            String logTail = tail(driverLog, 20);
            String browserLogTail = tail(profile.resolve("user-data").resolve("chrome_debug.log"), 20);
            profile.close();
            tmp.close();
            if (e instanceof SessionNotCreatedException && !logTail.isEmpty()) {
                e.addSuppressed(new IllegalStateException("chromedriver log, last lines:\n" + logTail));
            }
            if (e instanceof SessionNotCreatedException && !browserLogTail.isEmpty()) {
                e.addSuppressed(new IllegalStateException("chromium log, last lines:\n" + browserLogTail));
            }
            throw e;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Runs a script in the page and returns its value (see {@link ChromeDriver#executeScript}). */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Runs an async script (its last argument is the callback) and returns what it passed. */
    public Object asyncScript(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** Makes the page's viewport {@code width} x {@code height} CSS pixels (the window's frame added). */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Number innerWidth = (Number) driver.executeScript("return window.innerWidth;");
        Number innerHeight = (Number) driver.executeScript("return window.innerHeight;");
        if (innerWidth.intValue() != width || innerHeight.intValue() != height) {
            driver.manage().window().setSize(new Dimension(2 * width - innerWidth.intValue(), 2 * height - innerHeight.intValue()));
        }
    }

    /** A PNG of the viewport, written to {@code file} (its directory made if missing). */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PNG of the whole page at {@code width} pixels wide: the window is made as tall as the page
     * for the shot (so nothing is cut off), then given back its size.
     */
    public Path fullPageScreenshot(Path file, int width) {
        Dimension before = driver.manage().window().getSize();
        resize(width, 800);
        int height = ((Number) driver.executeScript("return document.documentElement.scrollHeight;")).intValue();
        resize(width, height);
        try {
            return screenshot(file);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Ends the browser and the driver, then deletes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                service.stop();
            } finally {
                profile.close();
                tmp.close();
            }
        }
    }

    /** For the log of a failure: what chromedriver wrote. */
    public String driverLog() {
        File log = profile.resolve("chromedriver.log").toFile();
        try {
            return log.exists() ? Files.readString(log.toPath()) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
