package io.voicebroadcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time and resident memory of a process and all its descendants, read from /proc. CPU is
 * counted in clock ticks (USER_HZ, 100 per second on Linux).
 */
final class ProcTree {

    private static final double TICKS_PER_SECOND = 100.0;
    /** The first line of a mapping in smaps: {@code start-end perms offset dev inode [path]}. */
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");
    private static final Pattern NON_DIGITS = Pattern.compile("\\D+");
    /** {@code socket:[123456]}: the inode says which one, not what it is. */
    private static final Pattern INODE = Pattern.compile("\\[\\d+\\]");

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
                    kib += kib(line);
                }
            }
        }
        return kib / 1024.0;
    }

    /**
     * The memory the processes of the list hold together, in MiB: their private pages, plus the
     * pages they share (the FFmpeg libraries, for one) counted once per mapped file region, as the
     * kernel holds them once. Summing each process's RSS would count libavcodec once per FFmpeg.
     */
    static double memoryMiB(List<Long> pids) {
        long privateKib = 0;
        Map<String, Long> sharedKib = new HashMap<>();
        for (long pid : pids) {
            String region = null;
            long shared = 0;
            for (String line : read(Path.of("/proc/" + pid + "/smaps")).split("\n")) {
                if (MAPPING.matcher(line).lookingAt()) {
                    if (region != null) {
                        sharedKib.merge(region, shared, Math::max);
                    }
                    String[] f = line.split("\\s+", 6);
                    // a file's region by path and offset; anonymous shared memory is the process's own
                    region = f.length == 6 && !f[5].isBlank() ? f[5].trim() + "@" + f[2] : pid + ":" + f[0];
                    shared = 0;
                } else if (line.startsWith("Private_Clean:") || line.startsWith("Private_Dirty:")) {
                    privateKib += kib(line);
                } else if (line.startsWith("Shared_Clean:") || line.startsWith("Shared_Dirty:")) {
                    shared += kib(line);
                }
            }
            if (region != null) {
                sharedKib.merge(region, shared, Math::max);
            }
        }
        long total = privateKib;
        for (long kib : sharedKib.values()) {
            total += kib;
        }
        return total / 1024.0;
    }

    /** Private (unshared) resident memory of the processes, in MiB: what a JVM's growth shows in. */
    static double privateMiB(List<Long> pids) {
        long kib = 0;
        for (long pid : pids) {
            for (String line : read(Path.of("/proc/" + pid + "/smaps_rollup")).split("\n")) {
                if (line.startsWith("Private_Clean:") || line.startsWith("Private_Dirty:")) {
                    kib += kib(line);
                }
            }
        }
        return kib / 1024.0;
    }

    /** A process's argv joined by spaces ({@code /proc/PID/cmdline}), empty when it is gone. */
    static String commandLine(long pid) {
        return read(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').strip();
    }

    /** Open file descriptors of a process ({@code /proc/PID/fd}), -1 when it cannot be read. */
    static int openFiles(long pid) {
        return entries(Path.of("/proc/" + pid + "/fd"));
    }

    /** Threads of a process ({@code /proc/PID/task}), -1 when it cannot be read. */
    static int threads(long pid) {
        return entries(Path.of("/proc/" + pid + "/task"));
    }

    /** The names of a process's threads ({@code /proc/PID/task/TID/comm}: the first 15 characters of a Java thread's name). */
    static List<String> threadNames(long pid) {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String comm = read(task.resolve("comm")).strip();
                if (!comm.isEmpty()) {
                    names.add(comm);
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return names;
    }

    /** What a process's open file descriptors lead to: a path, or a kind such as {@code socket:[]}, {@code pipe:[]}, {@code anon_inode:[eventpoll]}. */
    static List<String> openFileTargets(long pid) {
        List<String> targets = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    targets.add(INODE.matcher(Files.readSymbolicLink(fd).toString()).replaceAll("[]"));
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return targets;
    }

    private static int entries(Path dir) {
        try (var list = Files.list(dir)) {
            return (int) list.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long kib(String line) {
        return Long.parseLong(NON_DIGITS.matcher(line).replaceAll(""));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
