package io.voicebroadcast.voice.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void backoff_doublesFromInitialToCap_withAtMostTwentyPercentJitter_andResets() {
        Backoff noJitter = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(noJitter.next().toMillis());
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L);
        noJitter.reset();
        assertThat(noJitter.next()).isEqualTo(Duration.ofSeconds(1));

        Backoff fullJitter = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);
        assertThat(fullJitter.next()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void attempts_countTheDelaysHandedOut_untilReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        backoff.next();
        backoff.next();

        assertThat(backoff.attempts()).isEqualTo(2);
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
    }

    @Test
    void aZeroInitialDelay_orACapBelowIt_isRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
