package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.broadcast.BroadcastNotFoundException;
import io.voicebroadcast.gamesession.broadcast.CameraNotFoundException;
import io.voicebroadcast.gamesession.broadcast.CameraNotLiveException;
import io.voicebroadcast.gamesession.broadcast.InvalidBroadcastRequestException;
import io.voicebroadcast.gamesession.broadcast.VoiceUnavailableException;
import io.voicebroadcast.security.ProblemDetailsHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error becomes an RFC 9457 problem detail: this service's exceptions here, whose messages
 * hold no URL or are masked where they are made; framework errors and anything unexpected as the
 * shared {@link ProblemDetailsHandler} answers them (never the request body, never a stack trace).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemDetailsHandler {

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
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-broadcast-request", "Broadcast request rejected", e.getMessage());
        if (e.field() != null) {
            p.setProperty("field", e.field());
        }
        return p;
    }

    @ExceptionHandler(VoiceUnavailableException.class)
    ProblemDetail voiceUnavailable(VoiceUnavailableException e) {
        ProblemDetail p = problem(HttpStatus.BAD_GATEWAY, "voice-unavailable", "Voice service failed", e.getMessage());
        if (e.error() != null && e.error().httpStatus() != null) {
            p.setProperty("voiceStatus", e.error().httpStatus());
        }
        return p;
    }
}
