package io.voicebroadcast.voice.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every VOICE_* setting, validated at start-up; defaults live here and only here.
 * Relaxed binding maps {@code VOICE_FFMPEG_PATH} to {@code voice.ffmpeg-path}.
 */
@Validated
@ConfigurationProperties("voice")
public record VoiceProperties(
        /** VOICE_STREAMING_ENABLED: whether RTMP streaming is available on this node. */
        @DefaultValue("false") boolean streamingEnabled,
        /** VOICE_ADMIN_TOKEN: the bearer token every room and streaming endpoint requires. */
        @NotBlank(message = "VOICE_ADMIN_TOKEN must be set: every room and streaming endpoint requires it as a bearer token")
        @Size(min = 8, message = "VOICE_ADMIN_TOKEN must be at least 8 characters") String adminToken,
        /** VOICE_FFMPEG_PATH. */
        @NotBlank @DefaultValue("/usr/bin/ffmpeg") String ffmpegPath,
        /** VOICE_FFPROBE_PATH. */
        @NotBlank @DefaultValue("/usr/bin/ffprobe") String ffprobePath,
        /** VOICE_DEFAULT_BACKGROUND_VIDEO: looped when no other source delivers; skipped if missing. */
        @NotBlank @DefaultValue("/opt/bannou/backgrounds/default.mp4") String defaultBackgroundVideo,
        /** VOICE_ALLOWED_FILE_DIRS: local files may be sources only under these directories. */
        @NotNull @DefaultValue("/opt/bannou/backgrounds") List<Path> allowedFileDirs,
        /** VOICE_URL_ALLOWED_NETWORKS: when set (CIDR list), URLs may lead only to addresses in these networks. */
        @NotNull @DefaultValue({}) List<String> urlAllowedNetworks,
        /** VOICE_URL_DENIED_NETWORKS: CIDR list of networks no URL may lead to (besides those always refused). */
        @NotNull @DefaultValue({}) List<String> urlDeniedNetworks,
        /** VOICE_URL_ALLOWED_HOSTS: when set, URL hosts must be one of these names ({@code *.suffix} allowed) or addresses. */
        @NotNull @DefaultValue({}) List<String> urlAllowedHosts,
        /** VOICE_MAX_CONCURRENT_STREAMS: streams per node. */
        @Min(1) @Max(500) @DefaultValue("10") int maxConcurrentStreams,
        /** VOICE_DASHBOARD_MAX_VIEWERS: dashboards (live feeds) watching this node at once; each has a thread. */
        @Min(1) @Max(200) @DefaultValue("16") int dashboardMaxViewers,
        /** VOICE_STREAMING_AUDIO_CODEC: the output audio codec; FLV ingest takes AAC. */
        @Pattern(regexp = "aac", message = "VOICE_STREAMING_AUDIO_CODEC must be aac: RTMP ingest (FLV) takes AAC")
        @DefaultValue("aac") String streamingAudioCodec,
        /** VOICE_STREAMING_AUDIO_BITRATE. */
        @Pattern(regexp = "[0-9]{2,3}k", message = "VOICE_STREAMING_AUDIO_BITRATE must look like 128k")
        @DefaultValue("128k") String streamingAudioBitrate,
        /** VOICE_STREAMING_VIDEO_CODEC: auto picks an LGPL-safe H.264 encoder that opens, else libx264. */
        @NotBlank @DefaultValue("auto") String streamingVideoCodec,
        /** VOICE_STREAMING_REQUIRE_LGPL: refuse a GPL FFmpeg build. */
        @DefaultValue("false") boolean streamingRequireLgpl,
        /** VOICE_STREAMING_VIDEO_SIZE: output size WxH. */
        @Pattern(regexp = "[1-9][0-9]{1,4}x[1-9][0-9]{1,4}", message = "VOICE_STREAMING_VIDEO_SIZE must look like 1280x720")
        @DefaultValue("1280x720") String streamingVideoSize,
        /** VOICE_STREAMING_FPS. */
        @Min(1) @Max(60) @DefaultValue("30") int streamingFps,
        /** VOICE_STREAMING_VIDEO_BITRATE: constant-rate target (maxrate equal, bufsize twice). */
        @Pattern(regexp = "[0-9]+[kM]", message = "VOICE_STREAMING_VIDEO_BITRATE must look like 2500k or 6M")
        @DefaultValue("2500k") String streamingVideoBitrate,
        /** VOICE_STREAMING_KEYFRAME_INTERVAL_SECONDS: Twitch and YouTube want 2. */
        @Min(1) @Max(10) @DefaultValue("2") int streamingKeyframeIntervalSeconds,
        /** VOICE_STREAMING_INPUT_LOSS_THRESHOLD_MS: a source with no frame for this long is lost. */
        @Min(100) @Max(60000) @DefaultValue("1000") int streamingInputLossThresholdMs,
        /** VOICE_STREAMING_RECOVERY_HOLD_MS: a lost source returns to air after delivering steadily this long. */
        @Min(0) @Max(600000) @DefaultValue("3000") int streamingRecoveryHoldMs,
        /** VOICE_STREAMING_BLACK_THRESHOLD_MS: a live source whose picture is black this long is lost; 0 turns the check off. */
        @Min(0) @Max(600000) @DefaultValue("5000") int streamingBlackThresholdMs,
        /** VOICE_STREAMING_FROZEN_THRESHOLD_MS: a live source whose picture does not change this long is lost; 0 (off) by default. */
        @Min(0) @Max(3600000) @DefaultValue("0") int streamingFrozenThresholdMs,
        /** VOICE_STREAMING_BLACK_LIT_LUMA: a luma sample (8-bit) brighter than this is lit. */
        @Min(0) @Max(255) @DefaultValue("32") int streamingBlackLitLuma,
        /** VOICE_STREAMING_BLACK_MEAN_LUMA: a black picture's mean luma (8-bit) is at most this. */
        @Min(0) @Max(255) @DefaultValue("24") int streamingBlackMeanLuma,
        /** VOICE_STREAMING_BLACK_COVERAGE_PERCENT: a black picture has at most this share of lit samples. */
        @DecimalMin("0") @DecimalMax("100") @DefaultValue("2") double streamingBlackCoveragePercent,
        /** VOICE_STREAMING_WARM_STANDBY: keep the backup stream decoding while the primary is on air. */
        @DefaultValue("true") boolean streamingWarmStandby,
        /** VOICE_STREAMING_RECONNECT_INITIAL_MS: first delay before a lost stream source reconnects. */
        @Min(50) @Max(600000) @DefaultValue("1000") int streamingReconnectInitialMs,
        /** VOICE_STREAMING_RECONNECT_MAX_MS: the reconnect backoff's cap. */
        @Min(50) @Max(3600000) @DefaultValue("30000") int streamingReconnectMaxMs,
        /** VOICE_STREAMING_ENCODER_STALL_TIMEOUT_MS: no output bytes for this long means the encoder is stalled. */
        @Min(1000) @Max(600000) @DefaultValue("10000") int streamingEncoderStallTimeoutMs,
        /** VOICE_STREAMING_MAX_ENCODER_FAILURES: this many encoder failures within the window stop the stream (reason error). */
        @Min(1) @Max(1000) @DefaultValue("5") int streamingMaxEncoderFailures,
        /** VOICE_STREAMING_FAILURE_WINDOW_SECONDS. */
        @Min(1) @Max(86400) @DefaultValue("300") int streamingFailureWindowSeconds,
        /** VOICE_STREAMING_MAX_DESTINATIONS: destinations per broadcast. */
        @Min(1) @Max(20) @DefaultValue("5") int streamingMaxDestinations,
        /** VOICE_STREAMING_DESTINATION_RECONNECT_INITIAL_MS: first delay before a dropped destination reconnects (then x1.5). */
        @Min(100) @Max(600000) @DefaultValue("2000") int streamingDestinationReconnectInitialMs,
        /** VOICE_STREAMING_DESTINATION_RECONNECT_MAX_MS: the destination reconnect backoff's cap. */
        @Min(100) @Max(3600000) @DefaultValue("60000") int streamingDestinationReconnectMaxMs,
        /** VOICE_STREAMING_MAX_REJECTED_PUBLISHES: consecutive rejected publishes (bad key) before a destination fails. */
        @Min(1) @Max(100) @DefaultValue("3") int streamingMaxRejectedPublishes,
        /** VOICE_STREAMING_RESTART_ON_FAILURE: restart a crashed encoder. */
        @DefaultValue("true") boolean streamingRestartOnFailure,
        /** VOICE_STREAMING_HEALTH_CHECK_INTERVAL_SECONDS. */
        @Min(1) @Max(3600) @DefaultValue("10") int streamingHealthCheckIntervalSeconds,
        /** VOICE_RTMP_PROBE_TIMEOUT_SECONDS: URL validation (stream info, RTMP connect). */
        @Min(1) @Max(60) @DefaultValue("5") int rtmpProbeTimeoutSeconds,
        /** VOICE_STREAMING_SOURCE_RW_TIMEOUT_MS: a network input that stalls this long ends its decoder. */
        @Min(500) @Max(120000) @DefaultValue("5000") int streamingSourceRwTimeoutMs,
        /** VOICE_AUDIO_RTP_BIND_ADDRESS: where the room's audio RTP is received. */
        @NotBlank @DefaultValue("127.0.0.1") String audioRtpBindAddress,
        /** VOICE_AUDIO_RTP_PORT_MIN. */
        @Min(1024) @Max(65535) @DefaultValue("40000") int audioRtpPortMin,
        /** VOICE_AUDIO_RTP_PORT_MAX. */
        @Min(1024) @Max(65535) @DefaultValue("40999") int audioRtpPortMax,
        /** VOICE_STREAMING_STOP_TIMEOUT_MS: how long a process gets to exit before it is killed. */
        @Min(100) @Max(60000) @DefaultValue("3000") int streamingStopTimeoutMs) {

    @AssertTrue(message = "VOICE_STREAMING_RECONNECT_INITIAL_MS must not be above VOICE_STREAMING_RECONNECT_MAX_MS")
    public boolean isReconnectBackoffValid() {
        return streamingReconnectInitialMs <= streamingReconnectMaxMs;
    }

    @AssertTrue(message = "VOICE_STREAMING_DESTINATION_RECONNECT_INITIAL_MS must not be above VOICE_STREAMING_DESTINATION_RECONNECT_MAX_MS")
    public boolean isDestinationBackoffValid() {
        return streamingDestinationReconnectInitialMs <= streamingDestinationReconnectMaxMs;
    }

    @AssertTrue(message = "VOICE_STREAMING_BLACK_THRESHOLD_MS and VOICE_STREAMING_FROZEN_THRESHOLD_MS must be 0 (off) or at least 100")
    public boolean isPictureThresholdValid() {
        return (streamingBlackThresholdMs == 0 || streamingBlackThresholdMs >= 100)
                && (streamingFrozenThresholdMs == 0 || streamingFrozenThresholdMs >= 100);
    }

    @AssertTrue(message = "VOICE_AUDIO_RTP_PORT_MIN must not be above VOICE_AUDIO_RTP_PORT_MAX")
    public boolean isAudioPortRangeValid() {
        return audioRtpPortMin <= audioRtpPortMax;
    }

    @AssertTrue(message = "VOICE_STREAMING_VIDEO_SIZE must have an even width and height of at least 16")
    public boolean isVideoSizeValid() {
        if (streamingVideoSize == null || !streamingVideoSize.matches("[0-9]+x[0-9]+")) {
            return true; // reported by @Pattern
        }
        int w = videoWidth();
        int h = videoHeight();
        return w >= 16 && h >= 16 && w % 2 == 0 && h % 2 == 0 && w <= 7680 && h <= 4320;
    }

    public int videoWidth() {
        return Integer.parseInt(streamingVideoSize.substring(0, streamingVideoSize.indexOf('x')));
    }

    public int videoHeight() {
        return Integer.parseInt(streamingVideoSize.substring(streamingVideoSize.indexOf('x') + 1));
    }

    public Duration probeTimeout() {
        return Duration.ofSeconds(rtmpProbeTimeoutSeconds);
    }

    public Duration inputLossThreshold() {
        return Duration.ofMillis(streamingInputLossThresholdMs);
    }

    public Duration stopTimeout() {
        return Duration.ofMillis(streamingStopTimeoutMs);
    }
}
