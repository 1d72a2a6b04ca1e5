package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/run.sh: every scenario of the benchmark for our pipeline and the restart-per-change
 * baseline, side by side in one run on this machine, then a markdown table on stdout and in
 * bench/results/latest.md.
 *
 * <p>Arguments: {@code --quick} (fewer repetitions and shorter windows, to try the bench out; its
 * numbers are not the ones to quote), {@code --only=a,b} (scenarios: start, switch, loss, cpu,
 * shared, density, destinations, drift, audio, picture, preview, layouts, fuzz, fleet, soak). The soak (an hour; 5 minutes with --quick)
 * runs only when named.
 */
public final class Bench {

    static final long START = System.nanoTime();
    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.forEach(Process::destroyForcibly), "bench-reaper"));
    }

    /** The scenarios that need the rig (nginx, the cameras, our service). */
    private static final Set<String> RIG_SCENARIOS = Set.of("start", "switch", "loss", "cpu", "density", "shared", "destinations", "drift", "audio",
            "layouts", "soak");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Set<String> only = new HashSet<>();
        for (String a : args) {
            if (a.startsWith("--only=")) {
                only.addAll(Arrays.asList(a.substring(7).split(",")));
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Table table = new Table();
        Instant began = Instant.now();
        MachineLoad.CpuTimes cpuAtStart = MachineLoad.CpuTimes.now();
        if (wanted(only, "picture")) {
            PictureBench.run(table, quick); // in this JVM alone, before the rig's processes run
        }
        if (wanted(only, "preview")) {
            PreviewBench.run(table, quick); // the same
        }
        if (wanted(only, "layouts")) {
            LayoutBench.overlay(table, quick); // the overlay's cost in this JVM; the layouts' on the rig below
        }
        if (only.isEmpty() || only.stream().anyMatch(RIG_SCENARIOS::contains)) {
            runOnTheRig(root, only, quick, table);
        }
        if (wanted(only, "fuzz")) {
            FuzzBench.run(root, table, quick); // both services of its own, after the rig's are gone
        }
        if (wanted(only, "fleet")) {
            FleetBench.run(root, table, quick); // two voice nodes and the GameSession service of its own
        }

        long seconds = Duration.between(began, Instant.now()).toSeconds();
        MachineLoad.CpuTimes run = MachineLoad.CpuTimes.now().since(cpuAtStart);
        String header = "Measured " + LocalDate.now() + " on " + machine() + ", in " + seconds / 60 + " min " + seconds % 60
                + " s" + (quick ? " (--quick: fewer repetitions, shorter windows)" : "") + "; over the run the machine was busy "
                + Table.fmt(run.busyPercent(), "%") + " of its CPU time and " + Table.fmt(run.stealPercent(), "%") + " was stolen.\n\n";
        String md = header + table.markdown();
        Path results = Files.createDirectories(root.resolve("bench/results"));
        // Only a full run replaces the table the README quotes.
        Files.writeString(results.resolve(quick ? "latest-quick.md" : only.isEmpty() ? "latest.md" : "latest-partial.md"), md);
        System.out.println();
        System.out.println(md);
    }

    /** The scenarios that need nginx, the cameras and our service. */
    private static void runOnTheRig(Path root, Set<String> only, boolean quick, Table table) throws Exception {
        Path jar = root.resolve("voice-service/target/voice-service-0.1.0-SNAPSHOT.jar");
        Path work = root.resolve("bench/work");
        Path runDir = Files.createDirectories(work.resolve("run-" + System.currentTimeMillis()));
        Media media = new Media(work.resolve("media"));
        media.prepare();
        try (NginxRtmpServer nginx = NginxRtmpServer.start();
             Rig rig = new Rig(nginx, jar, media, runDir, quick)) {
            log("nginx on rtmp://127.0.0.1:" + nginx.rtmpPort() + ", work in " + runDir);
            Drift drift = wanted(only, "drift") ? Drift.begin(rig, quick) : null;
            VideoScenarios video = new VideoScenarios(rig, table);
            if (wanted(only, "start")) {
                video.start();
            }
            if (wanted(only, "switch")) {
                video.cameraSwitch();
            }
            if (wanted(only, "loss")) {
                video.inputLoss();
            }
            if (wanted(only, "audio")) {
                AudioBench.run(table, quick);
            }
            if (drift != null) {
                drift.finish(table);
            }
            if (wanted(only, "layouts")) {
                new LayoutBench(rig, table).run();
            }
            double[] coresPerRoom = {Double.NaN, Double.NaN};
            if (wanted(only, "cpu")) {
                coresPerRoom = new CpuAndMemory(rig, table).run();
            }
            if (wanted(only, "shared")) {
                new SharedCamera(rig, table).run();
            }
            if (wanted(only, "density")) {
                new Density(rig, table).run(coresPerRoom);
            }
            if (wanted(only, "destinations")) {
                new DestinationScenarios(rig, table).run();
            }
            if (only.contains("soak")) {
                Soak.run(rig, table, quick); // alone, after the others: it judges the service's every log line
            }
        }
    }

    private static boolean wanted(Set<String> only, String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    /** "2 cores (AMD EPYC ...), 24 GiB, Debian 12, FFmpeg 5.1.x, OpenJDK 17.0.x". */
    static String machine() {
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        long memGiB = Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1024.0 / 1024 / 1024);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGiB + " GiB, " + osName()
                + ", FFmpeg " + ffmpegVersion() + ", Java " + System.getProperty("java.version");
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException ignored) {
            // unknown
        }
        return System.getProperty("os.name");
    }

    private static String ffmpegVersion() {
        try (ManagedProcess p = ManagedProcess.start("ffmpeg-version", List.of("ffmpeg", "-version"))) {
            p.waitFor(Duration.ofSeconds(10));
            Matcher m = Pattern.compile("ffmpeg version (\\S+)").matcher(p.tail());
            return m.find() ? m.group(1) : "?";
        }
    }

    static void log(String message) {
        System.out.printf("[bench %6.1fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleepUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            sleep(left / 1_000_000);
        }
    }

    /** Killed when the bench's JVM exits, whatever happens. */
    static void track(Process p) {
        PROCESSES.add(p);
        p.onExit().thenRun(() -> PROCESSES.remove(p));
    }

    /** Publish sessions nginx logged for an output stream key. */
    static int publishSessions(NginxRtmpServer nginx, String key) {
        Matcher m = Pattern.compile("publish: name='" + Pattern.quote(key) + "'").matcher(nginx.logText());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The recordings nginx made of an output stream key (one per publish session), oldest first. */
    static List<Path> recordings(NginxRtmpServer nginx, String key) {
        return nginx.recordings().stream().filter(p -> p.getFileName().toString().startsWith(key + "-")).toList();
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
