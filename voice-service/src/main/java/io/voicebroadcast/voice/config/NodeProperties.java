package io.voicebroadcast.voice.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The node in a fleet (VOICE_NODE_*), validated at start-up: whether and how it announces itself
 * on RabbitMQ (docs/fleet.md).
 */
@Validated
@ConfigurationProperties("voice.node")
public record NodeProperties(
        /** VOICE_NODE_ANNOUNCE: announce this node on RabbitMQ every heartbeat (a fleet); off for a single node. */
        @DefaultValue("false") boolean announce,
        /** VOICE_NODE_ID: the node's name in the fleet; empty: host:port. */
        @Pattern(regexp = "[A-Za-z0-9._:-]{0,128}", message = "VOICE_NODE_ID must be up to 128 letters, digits, '.', '_', ':' or '-'")
        @NotNull @DefaultValue("") String id,
        /** VOICE_NODE_ADVERTISED_URL: where the fleet reaches this node's API; empty: http://host:port. */
        @Pattern(regexp = "(https?://\\S+)?", message = "VOICE_NODE_ADVERTISED_URL must be an http(s) URL")
        @NotNull @DefaultValue("") String advertisedUrl,
        /** VOICE_NODE_HEARTBEAT_MS: how often the node announces itself. */
        @Min(100) @Max(60_000) @DefaultValue("1000") int heartbeatMs,
        /** VOICE_NODE_EXCHANGE: the topic exchange of the announcements. */
        @Pattern(regexp = "(?!amq\\.)[A-Za-z0-9._:-]{1,255}",
                message = "VOICE_NODE_EXCHANGE must be 1-255 letters, digits, '.', '_', ':' or '-' and not start with amq.")
        @NotNull @DefaultValue("voice.nodes") String exchange) {

    public Duration heartbeat() {
        return Duration.ofMillis(heartbeatMs);
    }
}
