package io.voicebroadcast.gamesession.events;

import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamUpdatedEvent;
import io.voicebroadcast.security.StreamKeyMasker;
import io.voicebroadcast.security.UrlParts;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a message (routing key and JSON body) into a validated {@link CameraEvent}, through the
 * models generated from {@code schemas/camera-events.yaml}. Anything else is an
 * {@link InvalidCameraEventException} whose reason names the field but never quotes the payload
 * (it may hold a camera's play key). Unknown JSON properties are ignored, so that publishers may
 * add fields.
 */
public final class CameraEventReader {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_TEXT_LENGTH = 500;
    static final int MAX_CAPABILITIES = 64;

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Validator validator;

    public CameraEventReader(Validator validator) {
        this.validator = validator;
    }

    public CameraEvent read(String routingKey, byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("empty body");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw invalid("body of " + body.length + " bytes is larger than " + MAX_BODY_BYTES);
        }
        String key = routingKey == null ? "" : routingKey;
        return switch (key) {
            case CameraEventQueues.STARTED -> started(parse(body, CameraStreamStartedEvent.class));
            case CameraEventQueues.UPDATED -> updated(parse(body, CameraStreamUpdatedEvent.class));
            case CameraEventQueues.ENDED -> ended(body, parse(body, CameraStreamEndedEvent.class));
            default -> throw invalid("unknown routing key '" + StreamKeyMasker.maskText(key) + "'; expected one of "
                    + CameraEventQueues.ROUTING_KEYS);
        };
    }

    private <T> T parse(byte[] body, Class<T> type) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw invalid("malformed JSON" + location(e));
        }
        if (tree == null || !tree.isObject()) {
            throw invalid("the body is not a JSON object");
        }
        T event;
        try {
            event = json.treeToValue(tree, type);
        } catch (JacksonException e) {
            String field = e.getPath().stream().map(JacksonException.Reference::getPropertyName)
                    .filter(n -> n != null).collect(Collectors.joining("."));
            throw invalid(field.isEmpty() ? "not a " + type.getSimpleName() : "field '" + field + "' has an invalid value for "
                    + type.getSimpleName());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            Set<String> missing = new TreeSet<>();
            Set<String> other = new TreeSet<>();
            for (ConstraintViolation<T> v : violations) {
                String field = v.getPropertyPath().toString();
                if (v.getInvalidValue() == null) {
                    missing.add(field);
                } else {
                    other.add("field '" + field + "' " + v.getMessage());
                }
            }
            throw invalid((missing.isEmpty() ? "" : "missing required field(s) " + String.join(", ", missing))
                    + (missing.isEmpty() || other.isEmpty() ? "" : "; ") + String.join("; ", other)
                    + " in " + type.getSimpleName());
        }
        return event;
    }

    private static CameraEvent started(CameraStreamStartedEvent e) {
        CameraKey camera = camera(e.getCameraId(), e.getGameInstanceId());
        return new CameraEvent.Started(e.getEventId(), e.getTimestamp().toInstant(), camera, e.getSessionId(),
                rtmpUrl(e.getRtmpUrl()), text("displayName", e.getDisplayName()), capabilities(e.getCapabilities()));
    }

    private static CameraEvent updated(CameraStreamUpdatedEvent e) {
        CameraKey camera = camera(e.getCameraId(), e.getGameInstanceId());
        return new CameraEvent.Updated(e.getEventId(), e.getTimestamp().toInstant(), camera,
                e.getRtmpUrl() == null ? null : rtmpUrl(e.getRtmpUrl()), text("displayName", e.getDisplayName()),
                e.getCapabilities() == null ? null : capabilities(e.getCapabilities()));
    }

    private CameraEvent ended(byte[] body, CameraStreamEndedEvent e) {
        CameraKey camera = camera(e.getCameraId(), e.getGameInstanceId());
        // The generated enum reads an unknown value as null (the field is nullable): tell them apart.
        if (e.getReason() == null) {
            JsonNode reason = json.readTree(body).get("reason");
            if (reason != null && !reason.isNull()) {
                throw invalid("field 'reason' must be one of normal_shutdown, error, game_ended");
            }
        }
        EndReason reason = e.getReason() == null ? EndReason.UNSPECIFIED : switch (e.getReason()) {
            case NORMAL_SHUTDOWN -> EndReason.NORMAL_SHUTDOWN;
            case ERROR -> EndReason.ERROR;
            case GAME_ENDED -> EndReason.GAME_ENDED;
        };
        return new CameraEvent.Ended(e.getEventId(), e.getTimestamp().toInstant(), camera, reason);
    }

    private static CameraKey camera(String cameraId, java.util.UUID gameInstanceId) {
        if (cameraId.isBlank()) {
            throw invalid("field 'cameraId' is blank");
        }
        if (cameraId.length() > MAX_ID_LENGTH) {
            throw invalid("field 'cameraId' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return new CameraKey(gameInstanceId, cameraId);
    }

    /** A camera is played by the voice service over RTMP(S): anything else would be refused there. */
    private static String rtmpUrl(String url) {
        String u = url.strip();
        if (u.length() > MAX_URL_LENGTH) {
            throw invalid("field 'rtmpUrl' is longer than " + MAX_URL_LENGTH + " characters");
        }
        // A control character or a blank inside would reach the voice service's FFmpeg as part of the URL.
        if (u.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw invalid("field 'rtmpUrl' contains control characters or blanks");
        }
        Optional<UrlParts> parts = UrlParts.parse(u);
        if (parts.isEmpty() || !(parts.get().scheme().equals("rtmp") || parts.get().scheme().equals("rtmps"))
                || parts.get().host().isEmpty()) {
            throw invalid("field 'rtmpUrl' is not an RTMP or RTMPS URL with a host (" + StreamKeyMasker.maskStrictly(u) + ")");
        }
        return u;
    }

    private static String text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT_LENGTH) {
            throw invalid("field '" + field + "' is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }

    private static List<String> capabilities(List<String> capabilities) {
        if (capabilities == null) {
            return List.of();
        }
        if (capabilities.size() > MAX_CAPABILITIES || capabilities.stream().anyMatch(c -> c == null || c.length() > MAX_ID_LENGTH)) {
            throw invalid("field 'capabilities' must hold at most " + MAX_CAPABILITIES + " non-null names of at most "
                    + MAX_ID_LENGTH + " characters");
        }
        return List.copyOf(capabilities);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static InvalidCameraEventException invalid(String reason) {
        return new InvalidCameraEventException(StreamKeyMasker.maskText(reason));
    }
}
