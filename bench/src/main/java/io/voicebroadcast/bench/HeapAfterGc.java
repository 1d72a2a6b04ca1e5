package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running JVM holds: its heap and metaspace in use ({@code jcmd PID GC.heap_info}), after
 * a full collection ({@code GC.run}, in the same jcmd) when asked. What is left in the heap after
 * a full collection is what the service keeps reachable; a leak shows as its growth.
 *
 * @param afterGc whether a full collection came first (else the heap holds garbage too)
 */
record HeapAfterGc(double heapMiB, double metaspaceMiB, boolean afterGc) {

    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A heap's or a generation's line: {@code garbage-first heap   total 57344K, used 5956K [...]}
     * (G1, one line), {@code def new generation   total 22144K, used 15884K [...]} and
     * {@code tenured generation   total 362496K, used 35070K [...]} (Serial, the service's
     * collector, one line per generation; Parallel's {@code PSYoungGen} and {@code ParOldGen}
     * alike). The heap in use is their sum; the spaces inside a generation are indented further.
     */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^ \\S.*\\s+total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("(?m)^ Metaspace\\s+used (\\d+)K");

    static HeapAfterGc of(long pid, Path scratch, boolean collectFirst) {
        Path commands = scratch.resolve("jcmd-heap.txt");
        try {
            Files.writeString(commands, (collectFirst ? "GC.run\n" : "") + "GC.heap_info\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ManagedProcess jcmd = ManagedProcess.start("jcmd", List.of("jcmd", String.valueOf(pid), "-f", commands.toString()))) {
            if (jcmd.waitFor(JCMD_TIMEOUT) != 0) {
                throw new IllegalStateException("jcmd " + pid + " failed: " + jcmd.tail());
            }
            return parse(jcmd.tail(), collectFirst);
        }
    }

    static HeapAfterGc parse(String heapInfo, boolean afterGc) {
        Matcher heap = HEAP_USED.matcher(heapInfo);
        long usedKiB = 0;
        boolean found = false;
        while (heap.find()) {
            usedKiB += Long.parseLong(heap.group(1));
            found = true;
        }
        Matcher meta = METASPACE_USED.matcher(heapInfo);
        if (!found || !meta.find()) {
            throw new IllegalStateException("no heap and metaspace in jcmd's answer: " + heapInfo);
        }
        return new HeapAfterGc(usedKiB / 1024.0, Long.parseLong(meta.group(1)) / 1024.0, afterGc);
    }
}
