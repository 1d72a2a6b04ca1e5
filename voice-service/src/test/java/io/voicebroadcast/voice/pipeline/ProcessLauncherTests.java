package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parent-death binding itself is proven end to end in ProcessLifecycleEndToEndTests. */
class ProcessLauncherTests {

    private static final Optional<String> SETPRIV = Optional.of("/usr/bin/setpriv");

    @Test
    void command_runsAFoundProgramUnderSetpriv_withParentDeathSignalKill() {
        assertThat(ProcessLauncher.command(SETPRIV, List.of("ffmpeg", "-version")))
                .containsExactly("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "ffmpeg", "-version");
    }

    @Test
    void command_leavesArgvAsIs_whenSetprivIsMissing_orTheProgramIsNot() {
        assertThat(ProcessLauncher.command(Optional.empty(), List.of("ffmpeg", "-version"))).containsExactly("ffmpeg", "-version");
        assertThat(ProcessLauncher.command(SETPRIV, List.of("/nonexistent/ffmpeg"))).containsExactly("/nonexistent/ffmpeg");
    }

    @Test
    void start_runsTheProgramItselfUnderTheSamePid() throws Exception {
        Process p = ProcessLauncher.start(List.of("sleep", "30"));
        try {
            // setpriv, if used, execs the program: same pid, the program's own argv
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip()).isEqualTo("sleep 30"));
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void start_ofAMissingProgram_failsAsProcessBuilderWould() {
        assertThatThrownBy(() -> ProcessLauncher.start(List.of("/nonexistent/ffmpeg", "-version")))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/ffmpeg");
    }
}
