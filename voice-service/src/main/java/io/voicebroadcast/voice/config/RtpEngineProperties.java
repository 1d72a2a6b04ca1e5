package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.room.AudioMode;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The RTPEngine settings ({@code VOICE_RTPENGINE_*}); kept apart from {@link VoiceProperties} so
 * that the audio mode's wiring stays in one place.
 */
@Validated
@ConfigurationProperties("voice.rtpengine")
public record RtpEngineProperties(
        /** VOICE_RTPENGINE_NG_URL: RTPEngine's ng listener, udp://HOST:PORT or tcp://HOST:PORT; empty: no RTPEngine. */
        @NotNull @DefaultValue("") String ngUrl,
        /** VOICE_RTPENGINE_TIMEOUT_MS: how long one ng attempt waits for the reply. */
        @Min(10) @Max(60000) @DefaultValue("1000") int timeoutMs,
        /** VOICE_RTPENGINE_RETRIES: attempts after the first (same cookie, so never run twice). */
        @Min(0) @Max(10) @DefaultValue("2") int retries,
        /** VOICE_RTPENGINE_QUERY_INTERVAL_MS: how often a broadcast asks who publishes in its call (and notices a dead RTPEngine). */
        @Min(100) @Max(600000) @DefaultValue("1000") int queryIntervalMs,
        /** VOICE_RTPENGINE_ANSWER_ADDRESS: the address in our subscribe answer, where RTPEngine sends (our bind address). */
        @NotBlank @DefaultValue("127.0.0.1") String answerAddress,
        /** VOICE_RTPENGINE_RESUBSCRIBE_INITIAL_MS: first delay before subscribing again after a failure. */
        @Min(50) @Max(600000) @DefaultValue("500") int resubscribeInitialMs,
        /** VOICE_RTPENGINE_RESUBSCRIBE_MAX_MS: the backoff's cap. */
        @Min(50) @Max(600000) @DefaultValue("5000") int resubscribeMaxMs,
        /** VOICE_RTPENGINE_TO_TAG: the broadcast's tag in the call, as subscriber. */
        @Pattern(regexp = "[A-Za-z0-9._~-]{1,64}") @DefaultValue("voice-broadcast") String toTag) {

    @AssertTrue(message = "VOICE_RTPENGINE_RESUBSCRIBE_INITIAL_MS must not be above VOICE_RTPENGINE_RESUBSCRIBE_MAX_MS")
    public boolean isBackoffValid() {
        return resubscribeInitialMs <= resubscribeMaxMs;
    }

    public boolean configured() {
        return !ngUrl.isBlank();
    }
}
