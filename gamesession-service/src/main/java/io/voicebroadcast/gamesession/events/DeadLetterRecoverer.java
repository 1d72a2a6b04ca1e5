package io.voicebroadcast.gamesession.events;

import io.micrometer.core.instrument.Counter;
import io.voicebroadcast.security.StreamKeyMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.amqp.listener.ListenerExecutionFailedException;

/**
 * Moves a camera event that failed (an {@link InvalidCameraEventException}, or anything
 * unexpected) to the dead-letter queue with the reason in the {@code x-exception-message} header
 * and the original exchange and routing key (Spring's {@link RepublishMessageRecoverer} header
 * names), waits for the broker's confirm, and lets the original be acknowledged: the event never
 * blocks the queue or loops. If the republish fails, the original is rejected without requeue
 * and the queue's own dead-lettering moves it (without the reason header, with {@code x-death}).
 */
public final class DeadLetterRecoverer implements MessageRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final RabbitTemplate template;
    private final CameraEventQueues queues;
    private final long confirmTimeoutMs;
    private final Counter deadLettered;

    public DeadLetterRecoverer(RabbitTemplate template, CameraEventQueues queues, long confirmTimeoutMs, Counter deadLettered) {
        this.template = template;
        this.queues = queues;
        this.confirmTimeoutMs = confirmTimeoutMs;
        this.deadLettered = deadLettered;
    }

    @Override
    public void recover(Message message, Throwable cause) {
        Throwable failure = cause instanceof ListenerExecutionFailedException && cause.getCause() != null ? cause.getCause() : cause;
        String reason = failure instanceof InvalidCameraEventException
                ? failure.getMessage()
                : "unexpected " + failure.getClass().getSimpleName() + ": " + StreamKeyMasker.maskText(String.valueOf(failure.getMessage()));
        MessageProperties p = message.getMessageProperties();
        String routingKey = p.getReceivedRoutingKey();
        p.setHeader(RepublishMessageRecoverer.X_EXCEPTION_MESSAGE, reason);
        p.setHeader(RepublishMessageRecoverer.X_ORIGINAL_EXCHANGE, p.getReceivedExchange());
        p.setHeader(RepublishMessageRecoverer.X_ORIGINAL_ROUTING_KEY, routingKey);
        p.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        try {
            template.invoke(t -> {
                t.send(queues.deadLetterExchange(), queues.deadLetterRoutingKey(), message);
                t.waitForConfirmsOrDie(confirmTimeoutMs);
                return null;
            });
        } catch (AmqpException | IllegalStateException e) {
            log.error("camera event (routing key {}) could not be moved to {} ({}); rejecting it to the queue's dead-letter exchange. Reason: {}",
                    StreamKeyMasker.maskText(routingKey), queues.deadLetterQueue(), e.getClass().getSimpleName(), reason);
            throw new AmqpRejectAndDontRequeueException("dead-lettering failed: " + reason);
        }
        deadLettered.increment();
        if (failure instanceof InvalidCameraEventException) {
            log.warn("camera event dead-lettered to {}: {} (routing key {})", queues.deadLetterQueue(), reason,
                    StreamKeyMasker.maskText(routingKey));
        } else {
            log.error("camera event dead-lettered to {} after an unexpected failure: {} (routing key {})", queues.deadLetterQueue(),
                    reason, StreamKeyMasker.maskText(routingKey));
        }
    }
}
