package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.Processes.Leftover;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessesTests {

    /** Runs for at most 30 s even if every cleanup failed. */
    private static final String IDLE_FFMPEG = "ffmpeg -nostdin -v error -re -f lavfi -i anullsrc -t 30 -f null -";

    @Test
    void leftovers_listARunningFfmpegOfThisJvm_andNothingOnceItIsClosed() {
        try (ManagedProcess ffmpeg = ManagedProcess.start("idle", List.of(IDLE_FFMPEG.split(" ")))) {
            assertThat(Processes.leftovers()).extracting(Leftover::pid).contains(ffmpeg.pid());
            assertThat(Processes.leftovers("nginx")).extracting(Leftover::pid).doesNotContain(ffmpeg.pid());
        }
        assertThat(Processes.leftovers()).isEmpty();
    }

    @Test
    void leftovers_findAnOrphanedFfmpeg_whoseParentShellHasExited() {
        // sh starts ffmpeg in the background and exits: ffmpeg is re-parented, no longer our descendant
        try (ManagedProcess sh = ManagedProcess.start("sh", List.of("sh", "-c", IDLE_FFMPEG + " >/dev/null 2>&1 &"))) {
            assertThat(sh.waitFor(Duration.ofSeconds(5))).isZero();
        }
        try {
            List<Leftover> found = await().atMost(Duration.ofSeconds(5)).until(Processes::leftovers, l -> !l.isEmpty());
            assertThat(found).singleElement().satisfies(l -> assertThat(l.commandLine()).contains("anullsrc"));
            assertThat(ProcessHandle.of(found.get(0).pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .isNotEqualTo(ProcessHandle.current().pid());
        } finally {
            Processes.leftovers().forEach(Leftover::kill);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Processes.leftovers().isEmpty());
    }

    @Test
    void tagged_findsTheProcessesThatInheritedTheTag_andNoOthers() {
        String tag = "tag-" + System.nanoTime();
        try (ManagedProcess tagged = ManagedProcess.start("tagged", List.of(IDLE_FFMPEG.split(" ")), Map.of("PROCESSES_TESTS_TAG", tag));
             ManagedProcess untagged = ManagedProcess.start("untagged", List.of(IDLE_FFMPEG.split(" ")))) {
            assertThat(Processes.tagged("PROCESSES_TESTS_TAG", tag)).extracting(Leftover::pid).containsExactly(tagged.pid());
            assertThat(Processes.tagged("PROCESSES_TESTS_TAG", tag, "nginx")).isEmpty();
        }
        assertThat(Processes.tagged("PROCESSES_TESTS_TAG", tag)).isEmpty();
    }

    @Test
    void isRunning_isFalseOnceTheProcessHasExited_evenBeforeItIsReaped() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(Processes.isRunning(sleep.pid())).isTrue();
            // SIGKILL, not yet reaped: a zombie, which ProcessHandle still calls alive
            new ProcessBuilder("kill", "-KILL", String.valueOf(sleep.pid())).start().waitFor();
            await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.isRunning(sleep.pid()));
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor();
        }
        assertThat(Processes.isRunning(sleep.pid())).isFalse();
    }
}
