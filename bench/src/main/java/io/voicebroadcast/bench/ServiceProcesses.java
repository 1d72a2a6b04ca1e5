package io.voicebroadcast.bench;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The voice service's processes by what they do, told apart by their command lines (the JVM, the
 * decoders, the encoders, the publishers), and the CPU each kind takes over a window, from /proc.
 */
final class ServiceProcesses {

    enum Kind {
        JVM, DECODER, ENCODER, PUBLISHER, OTHER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One process at one moment: what it is and the CPU seconds it has used so far. */
    record Snapshot(Kind kind, String commandLine, double cpuSeconds) {
    }

    /** CPU cores by kind over a window, and how many processes of each kind were alive at its end. */
    record Usage(Map<Kind, Double> cores, Map<Kind, Integer> counts) {

        double of(Kind kind) {
            return cores.getOrDefault(kind, 0.0);
        }

        int count(Kind kind) {
            return counts.getOrDefault(kind, 0);
        }

        double total() {
            return cores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** "JVM 0.03, decoder 0.08 (1), encoder 0.24 (1), publisher 0.01 (1)": each kind present, in cores, with its process count. */
        String describe() {
            return cores.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey() == Kind.JVM ? "JVM" : e.getKey().label(), e.getValue())
                            + (e.getKey() == Kind.JVM ? "" : " (" + count(e.getKey()) + ")"))
                    .collect(Collectors.joining(", "));
        }
    }

    private ServiceProcesses() {
    }

    /**
     * What an FFmpeg of the service does, from its argv (as in the service's DecoderArgs,
     * EncoderArgs and PublisherArgs): a decoder writes raw video to stdout, the encoder reads raw
     * video on stdin and writes FLV to stdout, a publisher reads FLV on stdin and copies it out.
     */
    static Kind kind(String commandLine) {
        if (commandLine.contains("-f flv -i pipe:0") && commandLine.contains("-c copy")) {
            return Kind.PUBLISHER;
        }
        if (commandLine.contains("-i pipe:0") && commandLine.contains("-f flv -flvflags no_duration_filesize pipe:1")) {
            return Kind.ENCODER;
        }
        if (commandLine.contains("-f rawvideo -pix_fmt yuv420p pipe:1")) {
            return Kind.DECODER;
        }
        return Kind.OTHER;
    }

    /** The service's JVM and every process under it, as they are now. */
    static Map<Long, Snapshot> snapshot(long jvmPid) {
        Map<Long, Snapshot> all = new HashMap<>();
        for (long pid : ProcTree.tree(jvmPid)) {
            String cmd = ProcTree.commandLine(pid);
            if (cmd.isEmpty()) {
                continue; // ended while we looked
            }
            all.put(pid, new Snapshot(pid == jvmPid ? Kind.JVM : kind(cmd), cmd, ProcTree.cpuSeconds(List.of(pid))));
        }
        return all;
    }

    /**
     * CPU cores by kind between two snapshots {@code wallSeconds} apart: each process alive at the
     * end, with the CPU it used since the first (all of it, when it started in between). A process
     * that ended in between is not counted.
     */
    static Usage usage(Map<Long, Snapshot> before, Map<Long, Snapshot> after, double wallSeconds) {
        Map<Kind, Double> cores = new EnumMap<>(Kind.class);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Map.Entry<Long, Snapshot> e : after.entrySet()) {
            Snapshot now = e.getValue();
            Snapshot then = before.get(e.getKey());
            double used = now.cpuSeconds() - (then == null ? 0 : then.cpuSeconds());
            cores.merge(now.kind(), Math.max(0, used) / wallSeconds, Double::sum);
            counts.merge(now.kind(), 1, Integer::sum);
        }
        return new Usage(cores, counts);
    }

    /** The CPU of the service's processes over the next {@code seconds}. */
    static Usage measure(long jvmPid, int seconds) {
        Map<Long, Snapshot> before = snapshot(jvmPid);
        long t0 = System.nanoTime();
        Bench.sleep(seconds * 1000L);
        Map<Long, Snapshot> after = snapshot(jvmPid);
        return usage(before, after, (System.nanoTime() - t0) / 1e9);
    }

    /** The processes of a kind whose command line contains {@code needle} (a camera's URL, a destination's key). */
    static List<Long> find(long jvmPid, Kind kind, String needle) {
        return snapshot(jvmPid).entrySet().stream()
                .filter(e -> e.getValue().kind() == kind && e.getValue().commandLine().contains(needle))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** SIGKILL, as a crash. */
    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
