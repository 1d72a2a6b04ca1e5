package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManagedProcessTests {

    @Test
    void awaitReady_returnsOnceReady() {
        AtomicInteger asked = new AtomicInteger();
        try (ManagedProcess p = ManagedProcess.start("idle", List.of("sleep", "30"))) {
            p.awaitReady("ready", Duration.ofSeconds(5), Duration.ofMillis(10), () -> asked.incrementAndGet() >= 3, () -> "");
        }
        assertThat(asked).hasValue(3);
    }

    @Test
    void awaitReady_failsAtOnce_whenTheProcessExits_withItsLastOutput() {
        long t0 = System.nanoTime();
        try (ManagedProcess p = ManagedProcess.start("crashing", List.of("sh", "-c", "echo cannot bind; exit 3"))) {
            assertThatThrownBy(() -> p.awaitReady("listening", Duration.ofSeconds(30), Duration.ofMillis(50), () -> false,
                    () -> "\nits log"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("crashing exited (3) before listening")
                    .hasMessageContaining("cannot bind")
                    .hasMessageEndingWith("its log");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void awaitReady_failsAfterTheTimeout_sayingWhatWasAwaited() {
        try (ManagedProcess p = ManagedProcess.start("idle", List.of("sleep", "30"))) {
            assertThatThrownBy(() -> p.awaitReady("answering", Duration.ofMillis(300), Duration.ofMillis(50), () -> false, () -> ""))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("idle: not answering within PT0.3S");
            assertThat(p.isAlive()).as("the caller decides what becomes of it").isTrue();
        }
    }
}
