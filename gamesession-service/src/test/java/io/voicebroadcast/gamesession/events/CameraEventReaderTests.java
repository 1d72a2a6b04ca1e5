package io.voicebroadcast.gamesession.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.gamesession.camera.CameraEvent;
import io.voicebroadcast.gamesession.camera.EndReason;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Event validation: the schema's rules plus ours, and reasons that never quote the payload. */
class CameraEventReaderTests {

    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    /** Where game-engine teams read the events, examples included (the module runs in gamesession-service/). */
    static final Path CAMERA_EVENTS_DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/camera-events.md");
    final CameraEventReader reader = new CameraEventReader(VALIDATION.getValidator());
    final UUID eventId = UUID.randomUUID();
    final UUID game = UUID.randomUUID();
    final UUID session = UUID.randomUUID();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private CameraEvent read(String routingKey, String json) {
        return reader.read(routingKey, json.getBytes(StandardCharsets.UTF_8));
    }

    private String startedJson() {
        return """
                {"eventId":"%s","timestamp":"2025-06-01T12:00:00Z","cameraId":"race-cam-main","gameInstanceId":"%s",
                 "sessionId":"%s","rtmpUrl":"rtmp://game-server-1:1935/cameras/race-cam-main","displayName":"Race Start Line",
                 "capabilities":["follow_player","wide_angle"],"futureField":{"ignored":true}}
                """.formatted(eventId, game, session);
    }

    @Test
    void started_isReadWithEveryField_andUnknownPropertiesIgnored() {
        CameraEvent.Started e = (CameraEvent.Started) read("camera.stream.started", startedJson());

        assertThat(e.eventId()).isEqualTo(eventId);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
        assertThat(e.camera().cameraId()).isEqualTo("race-cam-main");
        assertThat(e.camera().gameInstanceId()).isEqualTo(game);
        assertThat(e.sessionId()).isEqualTo(session);
        assertThat(e.rtmpUrl()).isEqualTo("rtmp://game-server-1:1935/cameras/race-cam-main");
        assertThat(e.displayName()).isEqualTo("Race Start Line");
        assertThat(e.capabilities()).containsExactly("follow_player", "wide_angle");
    }

    @Test
    void updated_withOnlyRequiredFields_changesNothingElse() {
        CameraEvent.Updated e = (CameraEvent.Updated) read("camera.stream.updated", """
                {"eventId":"%s","timestamp":"2025-06-01T12:00:01+02:00","cameraId":"race-cam-main","gameInstanceId":"%s"}
                """.formatted(eventId, game));

        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-06-01T10:00:01Z"));
        assertThat(e.rtmpUrl()).isNull();
        assertThat(e.displayName()).isNull();
        assertThat(e.capabilities()).isNull();
    }

    @Test
    void ended_readsItsReason_orUnspecifiedWithoutOne() {
        String json = """
                {"eventId":"%s","timestamp":"2025-06-01T12:00:00Z","cameraId":"race-cam-main","gameInstanceId":"%s"%s}
                """;
        assertThat(((CameraEvent.Ended) read("camera.stream.ended", json.formatted(eventId, game, ",\"reason\":\"game_ended\""))).reason())
                .isEqualTo(EndReason.GAME_ENDED);
        assertThat(((CameraEvent.Ended) read("camera.stream.ended", json.formatted(eventId, game, ",\"reason\":null"))).reason())
                .isEqualTo(EndReason.UNSPECIFIED);
        assertThat(((CameraEvent.Ended) read("camera.stream.ended", json.formatted(eventId, game, ""))).reason())
                .isEqualTo(EndReason.UNSPECIFIED);
        assertThatThrownBy(() -> read("camera.stream.ended", json.formatted(eventId, game, ",\"reason\":\"exploded\"")))
                .isInstanceOf(InvalidCameraEventException.class).hasMessageContaining("reason");
    }

    /**
     * The examples game-engine teams get in docs/camera-events.md, read from that file: for each
     * routing key, the first {@code json} block after the key's own line ({@code **`camera.stream.started`**}).
     */
    @Test
    void theDocumentedExamples_areValid() throws IOException {
        String doc = Files.readString(CAMERA_EVENTS_DOC);

        assertThat(read("camera.stream.started", documentedExample(doc, "camera.stream.started")))
                .isInstanceOf(CameraEvent.Started.class);
        assertThat(read("camera.stream.updated", documentedExample(doc, "camera.stream.updated")))
                .isInstanceOf(CameraEvent.Updated.class);
        assertThat(read("camera.stream.ended", documentedExample(doc, "camera.stream.ended")))
                .isInstanceOf(CameraEvent.Ended.class);
    }

    /** The first {@code ```json} block after the line that opens with the routing key in bold. */
    private static String documentedExample(String doc, String routingKey) {
        int heading = doc.indexOf("\n**`" + routingKey + "`**");
        assertThat(heading).as("%s has a line for %s", CAMERA_EVENTS_DOC, routingKey).isNotNegative();
        int open = doc.indexOf("```json\n", heading);
        int nextHeading = doc.indexOf("\n**`camera.stream.", heading + 1);
        assertThat(open).as("a json example follows %s in %s", routingKey, CAMERA_EVENTS_DOC)
                .isNotNegative().isLessThan(nextHeading < 0 ? Integer.MAX_VALUE : nextHeading);
        int from = open + "```json\n".length();
        int close = doc.indexOf("\n```", from);
        assertThat(close).as("the example for %s is closed", routingKey).isGreaterThan(from);
        return doc.substring(from, close);
    }

    @Test
    void invalidEvents_areRejectedWithAReasonThatNamesTheProblem() {
        String valid = startedJson();
        List<String[]> cases = List.of(
                new String[] {"camera.stream.started", "{not json rtmp://h/app/SECRETKEY", "malformed JSON"},
                new String[] {"camera.stream.started", "[1,2]", "not a JSON object"},
                new String[] {"camera.stream.started", "", "empty body"},
                new String[] {"camera.stream.started", valid.replace("\"cameraId\":\"race-cam-main\",", ""), "missing required field(s) cameraId"},
                new String[] {"camera.stream.started", "{}", "missing required field(s) cameraId, eventId, gameInstanceId, rtmpUrl, timestamp"},
                new String[] {"camera.stream.started", valid.replace(game.toString(), "not-a-uuid"), "field 'gameInstanceId'"},
                new String[] {"camera.stream.started", valid.replace("2025-06-01T12:00:00Z", "yesterday"), "field 'timestamp'"},
                new String[] {"camera.stream.started", valid.replace("\"cameraId\":\"race-cam-main\"", "\"cameraId\":\"  \""), "'cameraId' is blank"},
                new String[] {"camera.stream.started", valid.replace("rtmp://game-server-1:1935", "http://game-server-1"), "not an RTMP or RTMPS URL"},
                new String[] {"camera.stream.started", valid.replace("rtmp://game-server-1:1935", "file:///etc"), "not an RTMP or RTMPS URL"},
                new String[] {"camera.stream.started", valid.replace("race-cam-main\",\"displayName", "race\\u0000cam\",\"displayName"),
                        "'rtmpUrl' contains control characters"},
                new String[] {"camera.stream.started", valid.replace("race-cam-main\",\"displayName", "race cam\",\"displayName"),
                        "'rtmpUrl' contains control characters or blanks"},
                new String[] {"camera.stream.deleted", valid, "unknown routing key 'camera.stream.deleted'"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> read(c[0], c[1])).as(c[2]).isInstanceOf(InvalidCameraEventException.class).hasMessageContaining(c[2]);
        }
    }

    @Test
    void reasons_neverQuoteThePayload() {
        String withKey = startedJson().replace("rtmp://game-server-1:1935/cameras/race-cam-main", "http://h/cameras/SECRETPLAYKEY?token=SECRETTOKEN");
        assertThatThrownBy(() -> read("camera.stream.started", withKey)).satisfies(e ->
                assertThat(e.getMessage()).doesNotContain("SECRETPLAYKEY").doesNotContain("SECRETTOKEN"));
        assertThatThrownBy(() -> read("camera.stream.started", "{\"eventId\": SECRETPLAYKEY}")).satisfies(e ->
                assertThat(e.getMessage()).doesNotContain("SECRETPLAYKEY"));
        assertThatThrownBy(() -> read("camera.stream.started", startedJson().replace(eventId.toString(), "SECRETPLAYKEY"))).satisfies(e ->
                assertThat(e.getMessage()).doesNotContain("SECRETPLAYKEY").contains("eventId"));
    }
}
