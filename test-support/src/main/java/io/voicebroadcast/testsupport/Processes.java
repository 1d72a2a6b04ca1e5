package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Media processes this test JVM left behind, for a final "nothing left behind" assertion:
 * {@code assertThat(Processes.leftovers()).isEmpty()}.
 */
public final class Processes {

    /** What tests and the voice service start. */
    public static final List<String> MEDIA_COMMANDS = List.of("ffmpeg", "ffprobe", "nginx", "rtpengine");

    private Processes() {
    }

    /** A process found by {@link #leftovers}; its toString is "pid command line" for assertion messages. */
    public record Leftover(long pid, String commandLine) {

        /** Ends it (SIGKILL), for cleanup after the assertion has reported it. */
        public void kill() {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }

        @Override
        public String toString() {
            return pid + " " + commandLine;
        }
    }

    /**
     * Live processes whose executable is named one of {@code names} (default
     * {@link #MEDIA_COMMANDS}) and that are ours: descendants of this JVM, or in this JVM's
     * process group. The group catches orphans: a process whose parent died is re-parented to
     * init but keeps its group, while other users' and other runs' processes (started from
     * another shell job) are in other groups.
     */
    public static List<Leftover> leftovers(String... names) {
        ProcessHandle self = ProcessHandle.current();
        Optional<Long> ourGroup = processGroup(self.pid());
        return find(names, p -> p.pid() != self.pid()
                && (isDescendantOf(p, self) || (ourGroup.isPresent() && ourGroup.equals(processGroup(p.pid())))));
    }

    /** Live processes whose executable is named one of {@code names} (default {@link #MEDIA_COMMANDS}) and that match. */
    private static List<Leftover> find(String[] names, Predicate<ProcessHandle> which) {
        Set<String> wanted = Set.copyOf(names.length == 0 ? MEDIA_COMMANDS : Arrays.asList(names));
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> wanted.contains(executableName(p)))
                .filter(which)
                .map(p -> new Leftover(p.pid(), commandLine(p)))
                .toList();
    }

    /**
     * Live processes whose environment holds {@code variable=value} (see
     * {@link ManagedProcess#start(String, java.util.List, java.util.Map)}) and whose executable is
     * named one of {@code names} (default {@link #MEDIA_COMMANDS}): every process a tagged child
     * started, whoever its parent is now.
     */
    public static List<Leftover> tagged(String variable, String value, String... names) {
        String entry = variable + "=" + value;
        return find(names, p -> environment(p).contains(entry));
    }

    /**
     * Live processes of a container, as the host sees them: those whose control group names the
     * container's id (Docker's cgroupfs and systemd drivers both put the id in the path), and
     * whose executable is named one of {@code names} (default {@link #MEDIA_COMMANDS}).
     */
    public static List<Leftover> inContainer(String containerId, String... names) {
        return find(names, p -> controlGroups(p).contains(containerId));
    }

    private static String controlGroups(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cgroup"));
        } catch (IOException | RuntimeException e) {
            return ""; // exited, or not Linux
        }
    }

    private static List<String> environment(ProcessHandle p) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // exited, or not ours to read
        }
    }

    private static boolean isDescendantOf(ProcessHandle p, ProcessHandle ancestor) {
        Optional<ProcessHandle> parent = p.parent();
        while (parent.isPresent()) {
            if (parent.get().pid() == ancestor.pid()) {
                return true;
            }
            parent = parent.get().parent();
        }
        return false;
    }

    private static String executableName(ProcessHandle p) {
        String command = p.info().command().orElseGet(() -> {
            String line = commandLine(p);
            int space = line.indexOf(' ');
            return space < 0 ? line : line.substring(0, space);
        });
        return command.substring(command.lastIndexOf('/') + 1);
    }

    private static String commandLine(ProcessHandle p) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
            String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (!line.isEmpty()) {
                return line;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just exited
        }
        return p.info().commandLine().orElse(p.info().command().orElse("?"));
    }

    /**
     * Stops {@code process} (null: none): SIGTERM, and SIGKILL if it has not ended within
     * {@code grace}, waiting as long again for that.
     */
    public static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the process is still running: {@link ProcessHandle#isAlive()} also counts a zombie,
     * a process that has exited but that its parent has not reaped yet. An orphan's new parent
     * (init here) may take seconds to reap it, so "is it gone?" must not wait for that.
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); // gone, or not Linux
        }
    }

    /** Field 5 of /proc/PID/stat; the command (field 2) may contain spaces, so parse after ')'. */
    private static Optional<Long> processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
