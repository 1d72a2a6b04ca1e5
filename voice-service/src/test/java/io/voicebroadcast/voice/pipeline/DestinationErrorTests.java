package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Classification from FFmpeg 5.1's stderr as it reaches us (already masked). */
class DestinationErrorTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[tcp @ 0x55] Connection to tcp://127.0.0.1:1?tcp_nodelay=0 failed: Connection refused|REFUSED",
            "[tcp @ 0x55] Failed to resolve hostname live.nowhere.invalid: Name or service not known|UNREACHABLE",
            "[tcp @ 0x55] Connection to tcp://10.1.1.1:1935 failed: Connection timed out|UNREACHABLE",
            "[tls @ 0x55] Peer certificate failed verification|TLS",
            "[tls @ 0x55] Error in the pull function.|TLS",
            "[rtmp @ 0x55] Server error: Already publishing|REJECTED_PUBLISH",
            "[rtmp @ 0x55] Server error: NetStream.Publish.BadName|REJECTED_PUBLISH",
            "[flv @ 0x55] Failed to update header with correct duration.|OTHER",
            "av_interleaved_write_frame(): Connection reset by peer|REJECTED_PUBLISH",
            "|OTHER"})
    void publisherStderr_isClassified(String stderr, DestinationError expected) {
        assertThat(DestinationError.classify(stderr)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void ioErrorOnTheOutput_beforeAnythingWasPublished_isARejectedPublish() {
        String tail = "rtmp://127.0.0.1:1935/deny/****: Input/output error";
        assertThat(DestinationError.classify(tail, false)).isEqualTo(DestinationError.REJECTED_PUBLISH);
        assertThat(DestinationError.classify(tail, true)).as("mid-stream: the server went away").isEqualTo(DestinationError.DROPPED);
    }

    @org.junit.jupiter.api.Test
    void aResetAfterPublishing_isADroppedConnection_notARejectedKey() {
        String tail = "av_interleaved_write_frame(): Connection reset by peer";
        assertThat(DestinationError.classify(tail, false)).isEqualTo(DestinationError.REJECTED_PUBLISH);
        assertThat(DestinationError.classify(tail, true)).isEqualTo(DestinationError.DROPPED);
        assertThat(DestinationError.classify("[tcp @ 0x1] Connection to tcp://127.0.0.1:1 failed: Connection refused", true))
                .as("a refusal is a refusal, published or not").isEqualTo(DestinationError.REFUSED);
    }

    @org.junit.jupiter.api.Test
    void everyClass_hasTheApiSpelling() {
        assertThat(java.util.Arrays.stream(DestinationError.values()).map(DestinationError::kind))
                .containsExactly("unreachable", "refused", "rejected", "tls", "timeout", "dropped", "other");
    }
}
