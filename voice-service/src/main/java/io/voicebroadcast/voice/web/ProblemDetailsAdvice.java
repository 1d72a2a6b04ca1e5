package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.participant.ParticipantAlreadyJoinedException;
import io.voicebroadcast.voice.participant.ParticipantNotFoundException;
import io.voicebroadcast.voice.room.InvalidRoomException;
import io.voicebroadcast.voice.rtpengine.InvalidSdpOfferException;
import io.voicebroadcast.voice.rtpengine.NgErrorException;
import io.voicebroadcast.voice.rtpengine.NgException;
import io.voicebroadcast.voice.room.RoomNotFoundException;
import io.voicebroadcast.voice.stream.InvalidStreamRequestException;
import io.voicebroadcast.voice.stream.StreamAlreadyActiveException;
import io.voicebroadcast.voice.stream.StreamCapacityException;
import io.voicebroadcast.voice.stream.StreamNotActiveException;
import io.voicebroadcast.voice.stream.StreamingDisabledException;
import io.voicebroadcast.voice.stream.UrlNotAllowedException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error becomes an RFC 9457 problem detail. Messages of our exceptions are masked where
 * they are made; framework errors never echo the request body (it may hold a stream key), and
 * no stack trace ever reaches a client.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_BASE = "https://voice-broadcast.dev/problems/";

    @ExceptionHandler(RoomNotFoundException.class)
    ProblemDetail roomNotFound(RoomNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "room-not-found", "Room not found", e.getMessage());
    }

    @ExceptionHandler(StreamNotActiveException.class)
    ProblemDetail notStreaming(StreamNotActiveException e) {
        return problem(HttpStatus.NOT_FOUND, "not-streaming", "Room is not streaming", e.getMessage());
    }

    @ExceptionHandler(StreamAlreadyActiveException.class)
    ProblemDetail alreadyStreaming(StreamAlreadyActiveException e) {
        return problem(HttpStatus.CONFLICT, "already-streaming", "Room is already streaming", e.getMessage());
    }

    @ExceptionHandler(UrlNotAllowedException.class)
    ProblemDetail urlNotAllowed(UrlNotAllowedException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "url-not-allowed", "URL leads to an address that is not allowed", e.getMessage());
        p.setProperty("field", e.field());
        return p;
    }

    @ExceptionHandler(InvalidStreamRequestException.class)
    ProblemDetail invalidStream(InvalidStreamRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-stream-request", "Stream request rejected", e.getMessage());
    }

    @ExceptionHandler(InvalidRoomException.class)
    ProblemDetail invalidRoom(InvalidRoomException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-room", "Room request rejected", e.getMessage());
    }

    @ExceptionHandler(StreamCapacityException.class)
    ResponseEntity<ProblemDetail> capacity(StreamCapacityException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "stream-capacity", "No stream capacity on this node", e.getMessage()));
    }

    @ExceptionHandler(StreamingDisabledException.class)
    ProblemDetail disabled(StreamingDisabledException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "streaming-disabled", "Streaming is disabled", e.getMessage());
    }

    @ExceptionHandler(ParticipantNotFoundException.class)
    ProblemDetail participantNotFound(ParticipantNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "participant-not-found", "Participant not found", e.getMessage());
    }

    @ExceptionHandler(ParticipantAlreadyJoinedException.class)
    ProblemDetail participantJoined(ParticipantAlreadyJoinedException e) {
        return problem(HttpStatus.CONFLICT, "participant-already-joined", "Participant already joined", e.getMessage());
    }

    @ExceptionHandler(InvalidSdpOfferException.class)
    ProblemDetail invalidOffer(InvalidSdpOfferException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-sdp-offer", "SDP offer rejected", e.getMessage());
        p.setProperty("reason", e.reason().name().toLowerCase());
        return p;
    }

    /**
     * RTPEngine refused a participant's offer: the client's request (400). Any other refusal, no
     * reply, or a reply that is not ng: RTPEngine's fault (502). Never a 500.
     */
    @ExceptionHandler(NgException.class)
    ProblemDetail rtpengine(NgException e) {
        String detail = abbreviate(e.getMessage());
        if (e instanceof NgErrorException err && "publish".equals(err.command())) {
            return problem(HttpStatus.BAD_REQUEST, "rtpengine-rejected-offer", "RTPEngine rejected the SDP offer", detail);
        }
        log.warn("RTPEngine '{}' failed: {}", e.command(), detail);
        return problem(HttpStatus.BAD_GATEWAY, "rtpengine-failed", "RTPEngine failed", detail);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Anything unexpected: logged with its trace here, a plain 500 for the client. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error handling a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The service failed to handle the request; the cause is in its log.");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        // The parser's message can quote the body; say what is wrong without it.
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "The request body is not valid JSON for this operation (a missing body, a wrong type, an unknown enum value or a malformed UUID).");
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
                errors.isEmpty() ? "The request is invalid." : errors.size() + " field(s) are invalid.");
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        return p;
    }
}
