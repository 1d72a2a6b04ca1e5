package io.voicebroadcast.gamesession.publisher;

import io.voicebroadcast.gamesession.config.GameSessionProperties;
import io.voicebroadcast.gamesession.events.CameraEventQueues;
import io.voicebroadcast.gamesession.events.CameraEventReader;
import io.voicebroadcast.gamesession.events.InvalidCameraEventException;
import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamUpdatedEvent;
import io.voicebroadcast.security.StreamKeyMasker;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code publish-camera-event.sh started|updated|ended --camera-id ... --game-instance-id ...}:
 * publishes one camera discovery event, as a game engine would, after checking it with the
 * consumer's own validation. Exit status 0 when the broker confirmed it, 2 on bad arguments,
 * 1 when publishing failed.
 */
public final class PublishCameraEventCommand {

    static final String USAGE = """
            usage: publish-camera-event.sh started|updated|ended [options]
              --camera-id ID            the camera, unique within its game instance (required)
              --game-instance-id UUID   the game instance hosting it (required)
              --session-id UUID         started: the game session it belongs to
              --rtmp-url URL            started (required), updated: where the camera plays
              --display-name TEXT       started, updated
              --capability NAME         started, updated; repeat for more
              --reason R                ended: normal_shutdown, error or game_ended
              --event-id UUID           default: a new one
              --timestamp ISO-8601      default: now
              --exchange NAME           default: $GAMESESSION_CAMERA_EXCHANGE or camera.events
              --amqp-uri URI            default: $AMQP_URI or amqp://guest:guest@127.0.0.1:5672
            """;

    private PublishCameraEventCommand() {
    }

    public static void main(String[] args) {
        // Outside Spring Boot nobody configures Logback, whose default is DEBUG on the console.
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Parsed p;
        try {
            p = Parsed.of(args);
        } catch (IllegalArgumentException e) {
            err.println("publish-camera-event: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String exchange = p.one("exchange", env.getOrDefault("GAMESESSION_CAMERA_EXCHANGE", GameSessionProperties.DEFAULT_CAMERA_EXCHANGE));
        String uri = p.one("amqp-uri", env.getOrDefault("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672"));
        JsonMapper json = JsonMapper.builder().build();
        Object event;
        String routingKey;
        try {
            UUID eventId = UUID.fromString(p.one("event-id", UUID.randomUUID().toString()));
            OffsetDateTime at = p.has("timestamp") ? OffsetDateTime.parse(p.one("timestamp", null))
                    : OffsetDateTime.now(ZoneOffset.UTC);
            UUID instance = UUID.fromString(p.required("game-instance-id"));
            String camera = p.required("camera-id");
            switch (p.type) {
                case "started" -> {
                    routingKey = CameraEventQueues.STARTED;
                    CameraStreamStartedEvent e = new CameraStreamStartedEvent(eventId, at, camera, instance, p.required("rtmp-url"));
                    e.setSessionId(p.has("session-id") ? UUID.fromString(p.one("session-id", null)) : null);
                    e.setDisplayName(p.one("display-name", null));
                    e.setCapabilities(p.all("capability"));
                    event = e;
                }
                case "updated" -> {
                    routingKey = CameraEventQueues.UPDATED;
                    CameraStreamUpdatedEvent e = new CameraStreamUpdatedEvent(eventId, at, camera, instance);
                    e.setRtmpUrl(p.one("rtmp-url", null));
                    e.setDisplayName(p.one("display-name", null));
                    e.setCapabilities(p.has("capability") ? p.all("capability") : null);
                    event = e;
                }
                case "ended" -> {
                    routingKey = CameraEventQueues.ENDED;
                    CameraStreamEndedEvent e = new CameraStreamEndedEvent(eventId, at, camera, instance);
                    if (p.has("reason")) {
                        e.setReason(CameraStreamEndedEvent.ReasonEnum.fromValue(p.one("reason", null)));
                        if (e.getReason() == null) {
                            throw new IllegalArgumentException("--reason must be normal_shutdown, error or game_ended");
                        }
                    }
                    event = e;
                }
                default -> throw new IllegalArgumentException("the event type must be started, updated or ended, not " + p.type);
            }
            byte[] body = json.writeValueAsBytes(event);
            try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
                new CameraEventReader(validation.getValidator()).read(routingKey, body);
            }
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException | InvalidCameraEventException e) {
            err.println("publish-camera-event: " + StreamKeyMasker.maskText(e.getMessage()));
            return 2;
        }
        try (CameraEventPublisher publisher = CameraEventPublisher.connect(uri, exchange)) {
            if (event instanceof CameraStreamStartedEvent s) {
                publisher.publish(s);
            } else if (event instanceof CameraStreamUpdatedEvent u) {
                publisher.publish(u);
            } else {
                publisher.publish((CameraStreamEndedEvent) event);
            }
        } catch (IllegalStateException e) {
            err.println("publish-camera-event: " + StreamKeyMasker.maskText(e.getMessage()));
            return 1;
        }
        out.println("published " + routingKey + " to exchange " + exchange + ": "
                + StreamKeyMasker.maskText(json.writeValueAsString(event)));
        return 0;
    }

    /** {@code TYPE --name value ...}; a name may repeat. */
    record Parsed(String type, Map<String, List<String>> options) {

        static Parsed of(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("missing the event type");
            }
            Map<String, List<String>> options = new HashMap<>();
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got " + args[i]);
                }
                options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[i + 1]);
            }
            return new Parsed(args[0], options);
        }

        boolean has(String name) {
            return options.containsKey(name);
        }

        String one(String name, String fallback) {
            List<String> values = options.get(name);
            return values == null ? fallback : values.get(values.size() - 1);
        }

        String required(String name) {
            String v = one(name, null);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required for a " + type + " event");
            }
            return v;
        }

        List<String> all(String name) {
            return options.getOrDefault(name, List.of());
        }
    }
}
