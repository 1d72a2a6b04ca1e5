package io.voicebroadcast.gamesession.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every GAMESESSION_* setting, validated at start-up; defaults live here and only here.
 * Relaxed binding maps {@code GAMESESSION_VOICE_BASE_URL} to {@code gamesession.voice-base-url}.
 * RabbitMQ's connection is Spring's: SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD, _VIRTUAL_HOST.
 */
@Validated
@ConfigurationProperties("gamesession")
public record GameSessionProperties(
        /** GAMESESSION_ADMIN_TOKEN: the bearer token every /gamesession endpoint requires. */
        @NotBlank(message = "GAMESESSION_ADMIN_TOKEN must be set: every endpoint requires it as a bearer token")
        @Size(min = 8, message = "GAMESESSION_ADMIN_TOKEN must be at least 8 characters") String adminToken,
        /** GAMESESSION_VOICE_BASE_URL: where the voice service answers. */
        @NotBlank @Pattern(regexp = "https?://\\S+", message = "GAMESESSION_VOICE_BASE_URL must be an http(s) URL")
        @DefaultValue("http://127.0.0.1:8080") String voiceBaseUrl,
        /**
         * GAMESESSION_VOICE_DASHBOARD_URL: the voice node's dashboard as an operator's browser reaches it (the
         * voice service's address seen from here may be an internal one); empty: GAMESESSION_VOICE_BASE_URL + /dashboard/.
         */
        @Pattern(regexp = "(https?://\\S+)?", message = "GAMESESSION_VOICE_DASHBOARD_URL must be an http(s) URL")
        @DefaultValue("") String voiceDashboardUrl,
        /** GAMESESSION_DASHBOARD_MAX_VIEWERS: dashboards watching this service's live feed at once; each has a thread. */
        @Min(1) @Max(200) @DefaultValue("16") int dashboardMaxViewers,
        /** GAMESESSION_VOICE_ADMIN_TOKEN: the voice service's VOICE_ADMIN_TOKEN. */
        @NotBlank(message = "GAMESESSION_VOICE_ADMIN_TOKEN must be set to the voice service's VOICE_ADMIN_TOKEN") String voiceAdminToken,
        /** GAMESESSION_VOICE_CONNECT_TIMEOUT_MS. */
        @Min(100) @Max(60000) @DefaultValue("2000") int voiceConnectTimeoutMs,
        /** GAMESESSION_VOICE_READ_TIMEOUT_MS: a start validates URLs by probing them, which takes seconds. */
        @Min(1000) @Max(300000) @DefaultValue("30000") int voiceReadTimeoutMs,
        /** GAMESESSION_VOICE_STATUS_TIMEOUT_MS: answer timeout of a status question (a node that hangs delays a status this long). */
        @Min(200) @Max(300000) @DefaultValue("3000") int voiceStatusTimeoutMs,
        /** GAMESESSION_VOICE_RETRY_ATTEMPTS: attempts per call on no answer or 5xx (4xx: one). */
        @Min(1) @Max(10) @DefaultValue("3") int voiceRetryAttempts,
        /** GAMESESSION_VOICE_RETRY_INITIAL_BACKOFF_MS: the first wait between attempts; doubles each time. */
        @Min(0) @Max(60000) @DefaultValue("250") int voiceRetryInitialBackoffMs,
        /** GAMESESSION_VOICE_RETRY_MAX_BACKOFF_MS. */
        @Min(0) @Max(60000) @DefaultValue("2000") int voiceRetryMaxBackoffMs,
        /** GAMESESSION_RECONCILE_RETRY_MIN_MS: after a call failed for good, the first background retry. */
        @Min(100) @Max(600000) @DefaultValue("1000") int reconcileRetryMinMs,
        /** GAMESESSION_RECONCILE_RETRY_MAX_MS: background retries double up to this. */
        @Min(100) @Max(3600000) @DefaultValue("30000") int reconcileRetryMaxMs,
        /** GAMESESSION_RECONCILE_TICK_MS: how often due retries are looked for. */
        @Min(50) @Max(60000) @DefaultValue("500") int reconcileTickMs,
        /** GAMESESSION_CAMERA_EXCHANGE: the game engines' durable topic exchange. */
        @NotBlank @DefaultValue(DEFAULT_CAMERA_EXCHANGE) String cameraExchange,
        /** GAMESESSION_CAMERA_QUEUE: this service's queue; its dead-letter exchange and queue add .dlx and .dlq. */
        @NotBlank @DefaultValue(DEFAULT_CAMERA_QUEUE) String cameraQueue,
        /** GAMESESSION_ENDED_CAMERA_RETENTION_MINUTES: ended cameras are listed and recognised this long. */
        @Min(1) @Max(10080) @DefaultValue("60") int endedCameraRetentionMinutes,
        /** GAMESESSION_PROCESSED_EVENT_IDS_CAPACITY: how many eventIds are remembered to apply duplicates once. */
        @Min(100) @Max(10000000) @DefaultValue("100000") int processedEventIdsCapacity,
        /** GAMESESSION_DEAD_LETTER_CONFIRM_TIMEOUT_MS: how long a dead-lettered event waits for the broker's confirm. */
        @Min(100) @Max(60000) @DefaultValue("5000") int deadLetterConfirmTimeoutMs,
        /**
         * GAMESESSION_VOICE_NODES: static (GAMESESSION_VOICE_BASE_URL is the one voice node) or announced (the
         * nodes that announce themselves on GAMESESSION_NODE_EXCHANGE, placed by capacity: docs/fleet.md).
         */
        @NotNull @DefaultValue("static") VoiceNodes voiceNodes,
        /** GAMESESSION_NODE_EXCHANGE: the voice nodes' announcements (their VOICE_NODE_EXCHANGE). */
        @NotBlank @DefaultValue("voice.nodes") String nodeExchange,
        /** GAMESESSION_NODE_LOSS_MS: a node silent this long is lost and its broadcasts are placed again. */
        @Min(500) @Max(600000) @DefaultValue("3000") int nodeLossMs,
        /** GAMESESSION_PLACEMENT_MIN_CPU_HEADROOM: a node whose free CPU share is below this takes no new broadcast. */
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.1") double placementMinCpuHeadroom) {

    /** Where the voice nodes come from. */
    public enum VoiceNodes {
        STATIC,
        ANNOUNCED
    }

    /** The durable topic exchange game engines publish camera events to. */
    public static final String DEFAULT_CAMERA_EXCHANGE = "camera.events";
    /** This service's durable queue, bound to the three routing keys; its dead-letter names derive from it. */
    public static final String DEFAULT_CAMERA_QUEUE = "gamesession.camera-events";

    /** Where an operator's browser finds the voice node's dashboard. */
    public String voiceDashboard() {
        if (!voiceDashboardUrl.isBlank()) {
            return voiceDashboardUrl;
        }
        return voiceBaseUrl.replaceAll("/+$", "") + "/dashboard/";
    }

    public Duration voiceConnectTimeout() {
        return Duration.ofMillis(voiceConnectTimeoutMs);
    }

    public Duration voiceStatusTimeout() {
        return Duration.ofMillis(voiceStatusTimeoutMs);
    }

    public Duration voiceReadTimeout() {
        return Duration.ofMillis(voiceReadTimeoutMs);
    }

    public Duration nodeLoss() {
        return Duration.ofMillis(nodeLossMs);
    }

    public Duration endedCameraRetention() {
        return Duration.ofMinutes(endedCameraRetentionMinutes);
    }
}
