package io.voicebroadcast.gamesession.events;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;

/**
 * A camera event that can never be applied: malformed JSON, a missing or invalid field, an
 * unknown routing key, an update or end for an unknown camera. Rejected without requeue, so it
 * goes to the dead-letter queue instead of looping. The message is the reason, masked and
 * without any quoted payload.
 */
public final class InvalidCameraEventException extends AmqpRejectAndDontRequeueException {

    public InvalidCameraEventException(String reason) {
        super(reason);
    }
}
