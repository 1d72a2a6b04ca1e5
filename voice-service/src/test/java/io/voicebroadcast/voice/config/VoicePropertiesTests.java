package io.voicebroadcast.voice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.StandardEnvironment;

class VoicePropertiesTests {

    @EnableConfigurationProperties(VoiceProperties.class)
    static class Config {
    }

    private static ApplicationContextRunner withEnv(Map<String, Object> env) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(Config.class)
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env))));
    }

    @Test
    void designEnvironmentVariables_bindByRelaxedBinding() {
        withEnv(Map.of(
                "VOICE_ADMIN_TOKEN", "0123456789abcdef",
                "VOICE_STREAMING_ENABLED", "true",
                "VOICE_FFMPEG_PATH", "/opt/ffmpeg/bin/ffmpeg",
                "VOICE_MAX_CONCURRENT_STREAMS", "7",
                "VOICE_STREAMING_VIDEO_CODEC", "libx264",
                "VOICE_RTMP_PROBE_TIMEOUT_SECONDS", "9",
                "VOICE_STREAMING_INPUT_LOSS_THRESHOLD_MS", "300",
                "VOICE_ALLOWED_FILE_DIRS", "/srv/a,/srv/b",
                "VOICE_STREAMING_VIDEO_SIZE", "1920x1080"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    VoiceProperties p = ctx.getBean(VoiceProperties.class);
                    assertThat(p.streamingEnabled()).isTrue();
                    assertThat(p.ffmpegPath()).isEqualTo("/opt/ffmpeg/bin/ffmpeg");
                    assertThat(p.maxConcurrentStreams()).isEqualTo(7);
                    assertThat(p.streamingVideoCodec()).isEqualTo("libx264");
                    assertThat(p.rtmpProbeTimeoutSeconds()).isEqualTo(9);
                    assertThat(p.streamingInputLossThresholdMs()).isEqualTo(300);
                    assertThat(p.allowedFileDirs()).containsExactly(Path.of("/srv/a"), Path.of("/srv/b"));
                    assertThat(p.videoWidth()).isEqualTo(1920);
                    assertThat(p.videoHeight()).isEqualTo(1080);
                });
    }

    @Test
    void pictureCheckSettings_bindByRelaxedBinding() {
        withEnv(Map.of(
                "VOICE_ADMIN_TOKEN", "0123456789abcdef",
                "VOICE_STREAMING_BLACK_THRESHOLD_MS", "0",
                "VOICE_STREAMING_FROZEN_THRESHOLD_MS", "30000",
                "VOICE_STREAMING_BLACK_LIT_LUMA", "40",
                "VOICE_STREAMING_BLACK_MEAN_LUMA", "20",
                "VOICE_STREAMING_BLACK_COVERAGE_PERCENT", "0.5"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    VoiceProperties p = ctx.getBean(VoiceProperties.class);
                    assertThat(p.streamingBlackThresholdMs()).as("0 turns the black check off").isZero();
                    assertThat(p.streamingFrozenThresholdMs()).isEqualTo(30000);
                    assertThat(p.streamingBlackLitLuma()).isEqualTo(40);
                    assertThat(p.streamingBlackMeanLuma()).isEqualTo(20);
                    assertThat(p.streamingBlackCoveragePercent()).isEqualTo(0.5);
                });
    }

    @Test
    void defaults_areTheDesignsPlusOurs() {
        withEnv(Map.of("VOICE_ADMIN_TOKEN", "0123456789abcdef")).run(ctx -> {
            VoiceProperties p = ctx.getBean(VoiceProperties.class);
            assertThat(p.streamingEnabled()).isFalse();
            assertThat(p.ffmpegPath()).isEqualTo("/usr/bin/ffmpeg");
            assertThat(p.defaultBackgroundVideo()).isEqualTo("/opt/bannou/backgrounds/default.mp4");
            assertThat(p.maxConcurrentStreams()).isEqualTo(10);
            assertThat(p.streamingAudioCodec()).isEqualTo("aac");
            assertThat(p.streamingAudioBitrate()).isEqualTo("128k");
            assertThat(p.streamingVideoCodec()).isEqualTo("auto");
            assertThat(p.streamingRestartOnFailure()).isTrue();
            assertThat(p.streamingHealthCheckIntervalSeconds()).isEqualTo(10);
            assertThat(p.rtmpProbeTimeoutSeconds()).isEqualTo(5);
            assertThat(p.streamingVideoSize()).isEqualTo("1280x720");
            assertThat(p.streamingFps()).isEqualTo(30);
            assertThat(p.streamingVideoBitrate()).isEqualTo("2500k");
            assertThat(p.streamingKeyframeIntervalSeconds()).isEqualTo(2);
            assertThat(p.streamingInputLossThresholdMs()).isEqualTo(1000);
            assertThat(p.streamingBlackThresholdMs()).isEqualTo(5000);
            assertThat(p.streamingFrozenThresholdMs()).as("frozen check opt-in").isZero();
            assertThat(p.streamingBlackLitLuma()).isEqualTo(32);
            assertThat(p.streamingBlackMeanLuma()).isEqualTo(24);
            assertThat(p.streamingBlackCoveragePercent()).isEqualTo(2.0);
            assertThat(p.allowedFileDirs()).containsExactly(Path.of("/opt/bannou/backgrounds"));
        });
    }

    @Test
    void badValues_stopStartUp_withAMessageNamingTheSetting() {
        for (var bad : List.of(
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", ""),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_INPUT_LOSS_THRESHOLD_MS", "50"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_VIDEO_SIZE", "1281x720"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_AUDIO_CODEC", "opus"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_MAX_CONCURRENT_STREAMS", "0"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_AUDIO_RTP_PORT_MIN", "50000", "VOICE_AUDIO_RTP_PORT_MAX", "40000"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_FPS", "many"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_BLACK_THRESHOLD_MS", "50"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_FROZEN_THRESHOLD_MS", "-1"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_BLACK_COVERAGE_PERCENT", "101"),
                Map.<String, Object>of("VOICE_ADMIN_TOKEN", "0123456789abcdef", "VOICE_STREAMING_BLACK_LIT_LUMA", "256"))) {
            withEnv(bad).run(ctx -> {
                assertThat(ctx).as(bad.toString()).hasFailed();
                assertThat(ctx.getStartupFailure()).hasRootCauseInstanceOf(Exception.class);
                Throwable failure = ctx.getStartupFailure();
                assertThat(failure).isInstanceOf(ConfigurationPropertiesBindException.class);
            });
        }
    }
}
