package io.voicebroadcast.voice.fleet;

/** Where announcements go: RabbitMQ ({@link RabbitNodeAnnouncements}), or a list in tests. */
public interface AnnouncementSink {

    /** Sends one announcement; a failure is thrown and never retried (the next heartbeat says it again). */
    void send(NodeAnnouncement announcement) throws Exception;

    String describe();
}
