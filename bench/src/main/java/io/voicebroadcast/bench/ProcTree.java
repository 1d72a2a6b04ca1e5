package io.voicebroadcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern DIGITS = Pattern.compile("\\d+");
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

    /**
     * CPU seconds used so far by a process's threads, summed by name with the numbers taken out
     * ({@code decoder-reader-#}: every room's), from {@code /proc/PID/task/TID/stat} and {@code comm}.
     */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String comm = read(task.resolve("comm")).strip();
                String stat = read(task.resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (comm.isEmpty() || close < 0) {
                    continue; // ended while we looked
                }
                String[] f = stat.substring(close + 2).split(" ");
                double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                byName.merge(DIGITS.matcher(comm).replaceAll("#"), seconds, Double::sum);
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return byName;
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

    /**
     * What a process's open file descriptors lead to: a path, or a kind such as {@code pipe:[]},
     * {@code anon_inode:[eventpoll]}, and for a socket what it is, read from the process's
     * {@code net/} tables: {@code socket:[tcp listening]}, {@code socket:[tcp accepted]} (a client's
     * connection to a port the process listens on: it comes and goes with the client's keep-alive),
     * {@code socket:[tcp to :5672]} (a connection the process opened, by the remote port),
     * {@code socket:[udp]}, or {@code socket:[]} (a Unix socket, or one gone while we looked).
     */
    static List<String> openFileTargets(long pid) {
        Map<String, String> sockets = socketKinds(pid);
        List<String> targets = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    String socket = target.startsWith("socket:[") ? sockets.get(target.substring(8, target.length() - 1)) : null;
                    targets.add(socket != null ? "socket:[" + socket + "]" : INODE.matcher(target).replaceAll("[]"));
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return targets;
    }

    /** Socket inode to what it is, from {@code /proc/PID/net/tcp*} and {@code udp*}. */
    static Map<String, String> socketKinds(long pid) {
        List<String[]> tcp = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            tcp.addAll(rows(read(Path.of("/proc/" + pid + "/net/" + table))));
        }
        // st 0A is LISTEN; local_address is HEXIP:HEXPORT
        Set<String> listening = new HashSet<>();
        for (String[] r : tcp) {
            if ("0A".equals(r[3])) {
                listening.add(port(r[1]));
            }
        }
        Map<String, String> kinds = new HashMap<>();
        for (String[] r : tcp) {
            String kind;
            if ("0A".equals(r[3])) {
                kind = "tcp listening";
            } else if (listening.contains(port(r[1]))) {
                kind = "tcp accepted";
            } else {
                kind = "tcp to :" + Integer.parseInt(port(r[2]), 16);
            }
            kinds.put(r[9], kind);
        }
        for (String table : List.of("udp", "udp6")) {
            for (String[] r : rows(read(Path.of("/proc/" + pid + "/net/" + table)))) {
                kinds.put(r[9], "udp");
            }
        }
        return kinds;
    }

    /** The rows of a {@code /proc/net} table, split on blanks, without its header. */
    private static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[0].endsWith(":")) {
                rows.add(f);
            }
        }
        return rows;
    }

    private static String port(String address) {
        return address.substring(address.indexOf(':') + 1);
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
