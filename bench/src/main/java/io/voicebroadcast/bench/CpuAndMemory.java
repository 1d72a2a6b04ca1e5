package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.RtpTone;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * CPU and memory of one room, ours and the baseline's side by side: CPU time of all the room's
 * processes and their resident memory (shared libraries counted once), from /proc.
 */
record CpuAndMemory(Rig rig, Table table) {

    /** Returns the cores one room takes, ours and the baseline's, for the density search. */
    double[] run() {
        Ours ours = rig.main();
        String camera = rig.camera(Colour.RED);
        int seconds = rig.quick ? 20 : 60;
        double jvmIdle = ProcTree.rssMiB(List.of(ours.pid()));
        double jvmIdlePrivate = ProcTree.privateMiB(List.of(ours.pid()));
        UUID room = ours.createRoom();
        String key = Rig.key("cpu-ours");
        String bkey = Rig.key("cpu-base");
        int audio = Rig.freeUdpPort();
        double oursCores;
        double baseCores;
        try (RtpTone baseTone = rig.tone(audio)) {
            int port = ours.start(room, rig.out(key), camera, null);
            Baseline base = rig.baseline(bkey, audio);
            base.start(Baseline.Input.camera(camera));
            try (RtpTone tone = rig.tone(port)) {
                Bench.sleep(10_000);
                List<Long> oursTree = ProcTree.tree(ours.pid());
                List<Long> baseTree = ProcTree.tree(base.pid());
                Map<Long, ServiceProcesses.Snapshot> processes0 = ServiceProcesses.snapshot(ours.pid());
                Map<String, Double> threads0 = ProcTree.threadCpuSeconds(ours.pid());
                double o0 = ProcTree.cpuSeconds(oursTree);
                double j0 = ProcTree.cpuSeconds(List.of(ours.pid()));
                double b0 = ProcTree.cpuSeconds(baseTree);
                long t0 = System.nanoTime();
                double oursRss = 0;
                double oursChildren = 0;
                double jvmPrivate = 0;
                double baseMemory = 0;
                double baseRss = 0;
                for (int s = 0; s < seconds; s += 5) {
                    Bench.sleep(5000);
                    List<Long> oursNow = ProcTree.tree(ours.pid());
                    List<Long> baseNow = ProcTree.tree(base.pid());
                    oursRss = Math.max(oursRss, ProcTree.rssMiB(oursNow));
                    jvmPrivate = Math.max(jvmPrivate, ProcTree.privateMiB(List.of(ours.pid())));
                    List<Long> children = new ArrayList<>(oursNow);
                    children.remove(Long.valueOf(ours.pid()));
                    oursChildren = Math.max(oursChildren, ProcTree.memoryMiB(children));
                    baseMemory = Math.max(baseMemory, ProcTree.memoryMiB(baseNow));
                    baseRss = Math.max(baseRss, ProcTree.rssMiB(baseNow));
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                ServiceProcesses.Usage byProcess = ServiceProcesses.usage(processes0, ServiceProcesses.snapshot(ours.pid()), wall);
                String byThread = busiestThreads(threads0, ProcTree.threadCpuSeconds(ours.pid()), wall);
                oursCores = (ProcTree.cpuSeconds(oursTree) - o0) / wall;
                double jvmCores = (ProcTree.cpuSeconds(List.of(ours.pid())) - j0) / wall;
                baseCores = (ProcTree.cpuSeconds(baseTree) - b0) / wall;
                double jvmGrowth = Math.max(0, jvmPrivate - jvmIdlePrivate);
                double roomMemory = oursChildren + jvmGrowth;
                String n = "1280x720@30, 2500 kb/s, " + seconds + " s";
                table.add(new Table.Row("CPU and memory", "CPU cores, all processes of the room (ours: JVM + FFmpegs)", oursCores,
                        baseCores, "", "≤ 1.15 × baseline", oursCores <= 1.15 * baseCores,
                        n + "; ours: JVM " + String.format("%.2f", jvmCores) + ", decoder + encoder " + String.format("%.2f", oursCores - jvmCores)));
                table.add(new Table.Row("CPU and memory", "where ours goes: CPU cores by process, and the JVM's by thread",
                        byProcess.total(), Double.NaN, "", "", null, n + "; " + byProcess.describe() + "; JVM threads: " + byThread));
                Bench.write(rig.runDir.resolve("cpu-breakdown.txt"), byProcess.describe() + "\nJVM threads (cores):\n"
                        + byThread.replace(", ", "\n") + "\n");
                table.add(new Table.Row("CPU and memory", "resident memory of the room's processes, shared libraries counted once"
                        + " (ours: FFmpegs + the JVM's growth)", roomMemory, baseMemory, "MiB", "≤ 150 MiB", roomMemory <= 150,
                        n + "; ours: FFmpegs " + Math.round(oursChildren) + ", JVM " + Math.round(jvmGrowth)));
                table.add(new Table.Row("CPU and memory", "resident memory, whole service with one room (JVM + FFmpegs, RSS summed)", oursRss,
                        baseRss, "MiB", "", null, "JVM idle " + Math.round(jvmIdle) + " MiB"));
                base.close();
            }
            ours.stop(room);
        } finally {
            ours.deleteRoom(room);
        }
        return new double[] {oursCores, baseCores};
    }

    /** "frame-clock-# 0.009, decoder-reader-# 0.016, ...": the JVM's threads by name that took at least 0.001 cores, busiest first. */
    static String busiestThreads(Map<String, Double> before, Map<String, Double> after, double wallSeconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / wallSeconds))
                .filter(e -> e.getValue() >= 0.001)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
