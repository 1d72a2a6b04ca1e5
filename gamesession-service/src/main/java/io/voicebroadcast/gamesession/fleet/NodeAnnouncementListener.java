package io.voicebroadcast.gamesession.fleet;

import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Takes the voice nodes' announcements off this service's own queue (exclusive, deleted with its
 * connection: a heartbeat is only worth its moment) and hands each one on. A message that is not
 * an announcement is dropped with a warning (it never blocks the queue).
 */
public final class NodeAnnouncementListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(NodeAnnouncementListener.class);

    private final Consumer<VoiceNode> heard;
    private final Clock clock;

    public NodeAnnouncementListener(Consumer<VoiceNode> heard, Clock clock) {
        this.heard = heard;
        this.clock = clock;
    }

    @Override
    public void onMessage(Message message) {
        VoiceNode node;
        try {
            node = NodeAnnouncementReader.read(message.getBody(), clock.instant());
        } catch (IllegalArgumentException e) {
            log.warn("dropped a message on the voice node exchange: {}", e.getMessage());
            return;
        }
        heard.accept(node);
    }
}
