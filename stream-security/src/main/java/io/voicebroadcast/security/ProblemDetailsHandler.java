package io.voicebroadcast.security;

import io.voicebroadcast.security.dashboard.TooManyViewersException;
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
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What both services' RFC 9457 error handling shares: errors about the request body never echo
 * it (it may hold a stream key), anything unexpected is logged here with its trace and answered
 * with a plain 500, and every problem type is a URI under {@link #TYPE_BASE}. Each service's
 * {@code @RestControllerAdvice} extends it with the mappings of its own exceptions.
 */
public abstract class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://voice-broadcast.dev/problems/";

    /** Named after the service's advice, as when each service logged on its own. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    protected static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        return p;
    }

    /** Anything unexpected: logged with its trace here, a plain 500 for the client. */
    /** A dashboard's live feed has its maximum of viewers: try again later. */
    @ExceptionHandler(TooManyViewersException.class)
    public ResponseEntity<ProblemDetail> tooManyViewers(TooManyViewersException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-viewers", "Too many dashboards watching", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    public ProblemDetail unexpected(Exception e) {
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
        // Field names and the constraints' own messages only: the rejected values stay out.
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
                errors.isEmpty() ? "The request is invalid." : errors.size() + " field(s) are invalid.");
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }
}
