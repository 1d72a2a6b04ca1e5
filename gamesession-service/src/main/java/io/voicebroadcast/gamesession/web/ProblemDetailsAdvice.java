package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.broadcast.BroadcastNotFoundException;
import io.voicebroadcast.gamesession.broadcast.CameraNotFoundException;
import io.voicebroadcast.gamesession.broadcast.CameraNotLiveException;
import io.voicebroadcast.gamesession.broadcast.InvalidBroadcastRequestException;
import io.voicebroadcast.gamesession.broadcast.VoiceUnavailableException;
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
 * Every error becomes an RFC 9457 problem detail. Our exceptions' messages hold no URL or are
 * masked where they are made; framework errors never echo the request body (it holds a stream
 * key), and no stack trace reaches a client.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_BASE = "https://voice-broadcast.dev/problems/";

    @ExceptionHandler(BroadcastNotFoundException.class)
    ProblemDetail broadcastNotFound(BroadcastNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "broadcast-not-found", "No broadcast configured", e.getMessage());
    }

    @ExceptionHandler(CameraNotFoundException.class)
    ProblemDetail cameraNotFound(CameraNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "camera-not-found", "Camera not found", e.getMessage());
    }

    @ExceptionHandler(CameraNotLiveException.class)
    ProblemDetail cameraNotLive(CameraNotLiveException e) {
        return problem(HttpStatus.CONFLICT, "camera-not-live", "Camera has ended", e.getMessage());
    }

    @ExceptionHandler(InvalidBroadcastRequestException.class)
    ProblemDetail invalid(InvalidBroadcastRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-broadcast-request", "Broadcast request rejected", e.getMessage());
    }

    @ExceptionHandler(VoiceUnavailableException.class)
    ProblemDetail voiceUnavailable(VoiceUnavailableException e) {
        ProblemDetail p = problem(HttpStatus.BAD_GATEWAY, "voice-unavailable", "Voice service failed", e.getMessage());
        if (e.error() != null && e.error().httpStatus() != null) {
            p.setProperty("voiceStatus", e.error().httpStatus());
        }
        return p;
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
