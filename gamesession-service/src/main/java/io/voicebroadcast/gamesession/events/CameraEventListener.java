package io.voicebroadcast.gamesession.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.gamesession.camera.CameraEvent;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * The queue's consumer: reads, applies, returns; the container acknowledges the message only
 * then. Invalid events throw {@link InvalidCameraEventException} and are dead-lettered. Started
 * with the application when this instance is alone, else at its takeover (the active instance
 * only consumes; the queue's single active consumer makes sure of it on the broker's side too).
 */
class CameraEventListener {

    private final CameraEventReader reader;
    private final CameraEventHandler handler;
    private final MeterRegistry meters;

    CameraEventListener(CameraEventReader reader, CameraEventHandler handler, MeterRegistry meters) {
        this.reader = reader;
        this.handler = handler;
        this.meters = meters;
    }

    @RabbitListener(id = CameraEventsConfiguration.CONSUMER_ID, queues = "#{@cameraEventQueues.queue()}",
            autoStartup = "#{@activeRole.isActive()}")
    void onMessage(Message message) {
        CameraEvent event = reader.read(message.getMessageProperties().getReceivedRoutingKey(), message.getBody());
        EventOutcome outcome = handler.handle(event);
        meters.counter(CameraEventsConfiguration.EVENTS_METER, "outcome", outcome.name().toLowerCase()).increment();
    }
}
