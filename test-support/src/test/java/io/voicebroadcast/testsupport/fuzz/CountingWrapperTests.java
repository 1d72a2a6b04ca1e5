package io.voicebroadcast.testsupport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountingWrapperTests {

    @TempDir
    Path dir;

    @Test
    void eachStart_isOneLine_withItsArguments_andTheRealBinaryRuns() {
        CountingWrapper echo = CountingWrapper.create(dir, "echo", "/bin/echo");

        try (ManagedProcess p = ManagedProcess.start("echo", List.of(echo.path().toString(), "-n", "a b",
                "Host: 127.0.0.1:80\r\n", "rtmp://h/app/sk_fuzz_1_2_0"))) {
            assertThat(p.waitFor(Duration.ofSeconds(10))).isZero();
            assertThat(p.tail()).contains("a b").contains("rtmp://h/app/sk_fuzz_1_2_0");
        }
        try (ManagedProcess p = ManagedProcess.start("echo", List.of(echo.path().toString(), "again"))) {
            assertThat(p.waitFor(Duration.ofSeconds(10))).isZero();
        }

        assertThat(echo.count()).isEqualTo(2);
        assertThat(echo.starts().get(0)).matches("\\d+ -n a b Host: 127\\.0\\.0\\.1:80 {2} rtmp://h/app/sk_fuzz_1_2_0 ");
        assertThat(echo.starts().get(1)).endsWith(" again ");
    }
}
