package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureWindowTests {

    @Test
    void failureWindow_countsOnlyFailuresWithinTheWindow() {
        FailureWindow w = new FailureWindow(3, 10_000);
        assertThat(w.recordAndCheck(0)).isFalse();
        assertThat(w.recordAndCheck(5_000)).isFalse();
        assertThat(w.recordAndCheck(20_000)).as("the first two fell out of the window").isFalse();
        assertThat(w.recordAndCheck(21_000)).isFalse();
        assertThat(w.recordAndCheck(22_000)).isTrue();
    }
}
