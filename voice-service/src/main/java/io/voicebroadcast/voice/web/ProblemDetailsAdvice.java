package io.voicebroadcast.voice.web;

import io.voicebroadcast.security.ProblemDetailsHandler;
import io.voicebroadcast.voice.participant.ParticipantAlreadyJoinedException;
import io.voicebroadcast.voice.participant.ParticipantNotFoundException;
import io.voicebroadcast.voice.room.InvalidRoomException;
import io.voicebroadcast.voice.rtpengine.InvalidSdpOfferException;
import io.voicebroadcast.voice.rtpengine.NgErrorException;
import io.voicebroadcast.voice.rtpengine.NgException;
import io.voicebroadcast.voice.room.RoomNotFoundException;
import io.voicebroadcast.voice.stream.DestinationConflictException;
import io.voicebroadcast.voice.stream.DestinationNotFoundException;
import io.voicebroadcast.voice.stream.InvalidStreamRequestException;
import io.voicebroadcast.voice.stream.PreviewUnavailableException;
import io.voicebroadcast.voice.stream.StreamAlreadyActiveException;
import io.voicebroadcast.voice.stream.NodeDrainingException;
import io.voicebroadcast.voice.stream.StreamCapacityException;
import io.voicebroadcast.voice.stream.StreamNotActiveException;
import io.voicebroadcast.voice.stream.StreamingDisabledException;
import io.voicebroadcast.voice.stream.UrlNotAllowedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error becomes an RFC 9457 problem detail: this service's exceptions here, whose messages
 * are masked where they are made; framework errors and anything unexpected as the shared
 * {@link ProblemDetailsHandler} answers them (never the request body, never a stack trace).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemDetailsHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

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

    @ExceptionHandler(DestinationNotFoundException.class)
    ProblemDetail destinationNotFound(DestinationNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "destination-not-found", "Destination not found", e.getMessage());
    }

    @ExceptionHandler(DestinationConflictException.class)
    ProblemDetail destinationConflict(DestinationConflictException e) {
        return problem(HttpStatus.CONFLICT, "destination-conflict", "Destination conflicts with the broadcast's", e.getMessage());
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

    @ExceptionHandler(NodeDrainingException.class)
    ResponseEntity<ProblemDetail> draining(NodeDrainingException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "node-draining", "This node is draining", e.getMessage()));
    }

    @ExceptionHandler(StreamingDisabledException.class)
    ProblemDetail disabled(StreamingDisabledException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "streaming-disabled", "Streaming is disabled", e.getMessage());
    }

    @ExceptionHandler(PreviewUnavailableException.class)
    ResponseEntity<ProblemDetail> noPicture(PreviewUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "no-picture-yet", "The broadcast has no picture yet", e.getMessage()));
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
}
