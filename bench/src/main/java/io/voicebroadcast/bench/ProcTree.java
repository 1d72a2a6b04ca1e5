package io.voicebroadcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and resident memory of a process and all its descendants, read from /proc. CPU is
 * counted in clock ticks (USER_HZ, 100 per second on Linux).
 */
final class ProcTree {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcTree() {
    }

    /** The process and its descendants, alive now. */
    static List<Long> tree(long pid) {
        List<Long> all = new ArrayList<>();
        collect(pid, all);
        return all;
    }

    private static void collect(long pid, List<Long> into) {
        if (!Files.isDirectory(Path.of("/proc/" + pid))) {
            return;
        }
        into.add(pid);
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String children = read(task.resolve("children"));
                for (String c : children.trim().split("\\s+")) {
                    if (!c.isEmpty()) {
                        collect(Long.parseLong(c), into);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
    }

    /** User plus system CPU seconds used so far by each process of the list, summed. */
    static double cpuSeconds(List<Long> pids) {
        double ticks = 0;
        for (long pid : pids) {
            String stat = read(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            if (close < 0) {
                continue;
            }
            String[] f = stat.substring(close + 2).split(" ");
            // fields after the command: state(0) ... utime(11) stime(12)
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** Resident memory of each process of the list, summed, in MiB. */
    static double rssMiB(List<Long> pids) {
        long kib = 0;
        for (long pid : pids) {
            for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    kib += Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        }
        return kib / 1024.0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
