package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.room.AudioMode;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** VOICE_AUDIO_MODE ({@code direct} or {@code rtpengine}): the audio mode of rooms created without one. */
@Validated
@ConfigurationProperties("voice")
public record AudioModeProperties(@NotNull @DefaultValue("direct") AudioMode audioMode) {
}
