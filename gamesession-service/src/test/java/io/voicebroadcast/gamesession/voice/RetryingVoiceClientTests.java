package io.voicebroadcast.gamesession.voice;

import static io.voicebroadcast.gamesession.voice.VoiceOperation.START;
import static io.voicebroadcast.gamesession.voice.VoiceOperation.STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RetryingVoiceClientTests {

    final FakeVoiceClient voice = new FakeVoiceClient();
    final List<Duration> waits = new ArrayList<>();
    final RetryingVoiceClient client = new RetryingVoiceClient(voice,
            new RetryPolicy(4, Duration.ofMillis(250), Duration.ofMillis(600)), waits::add);
    final UUID room = voice.createScaledRoom("r");
    final VoiceStreamSpec spec = new VoiceStreamSpec("rtmp://h/app/key", null, null, null);

    @Test
    void noAnswerAnd5xx_areRetriedWithDoublingBackoff_untilOneSucceeds() {
        voice.clearCalls();
        voice.failNext(START, () -> FakeVoiceClient.unreachable(START));
        voice.failNext(START, 503, "stream-capacity");
        voice.failNext(START, 500, "internal-error");

        VoiceStreamState state = client.startStream(room, spec);

        assertThat(state.streaming()).isTrue();
        assertThat(voice.operations()).containsExactly(START, START, START, START);
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(600));
    }

    @Test
    void retries_stopAfterTheLastAttempt_withTheLastFailure() {
        voice.setDown(true);

        assertThatThrownBy(() -> client.streamStatus(room)).isInstanceOf(VoiceCallException.class)
                .satisfies(e -> assertThat(((VoiceCallException) e).failure()).isEqualTo(VoiceFailure.UNREACHABLE));
        assertThat(waits).hasSize(3);
    }

    @Test
    void a4xx_isNeverRetried() {
        voice.clearCalls();
        voice.failNext(START, 400, "invalid-stream-request");

        assertThatThrownBy(() -> client.startStream(room, spec)).isInstanceOf(VoiceCallException.class)
                .satisfies(e -> assertThat(((VoiceCallException) e).status()).isEqualTo(400));
        assertThat(voice.operations()).containsExactly(START);
        assertThat(waits).isEmpty();
    }

    @Test
    void backoff_doublesUpToItsMaximum() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(List.of(p.backoffAfter(1), p.backoffAfter(2), p.backoffAfter(3), p.backoffAfter(4), p.backoffAfter(5), p.backoffAfter(9)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                        Duration.ofMillis(1000), Duration.ofMillis(1000));
        assertThat(STATUS.label()).isEqualTo("status");
    }
}
