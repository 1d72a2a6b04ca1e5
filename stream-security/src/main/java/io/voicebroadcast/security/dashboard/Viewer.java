package io.voicebroadcast.security.dashboard;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dashboard watching: its own thread sends what the feed offers it, and only the newest
 * message of each event name (a viewer that reads slowly skips to the present, it never queues
 * the past). It ends when its connection fails or is closed.
 */
public final class Viewer {

    /** Where a viewer's messages go (an SSE response); {@link #send} may block on a slow client. */
    public interface Connection {
        void send(String event, String data) throws IOException;

        /** Ends the response; called once, on any thread. */
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(Viewer.class);

    private final Connection connection;
    private final Consumer<Viewer> onEnd;
    private final Map<String, String> newest = new LinkedHashMap<>(); // guarded by itself
    private final Thread sender;
    private boolean ended; // guarded by newest

    Viewer(Connection connection, Consumer<Viewer> onEnd) {
        this.connection = connection;
        this.onEnd = onEnd;
        this.sender = new Thread(this::run, "dashboard-viewer");
        this.sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    /** Replaces what waits under this event name. */
    void offer(String event, String data) {
        synchronized (newest) {
            if (!ended) {
                newest.put(event, data);
                newest.notifyAll();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                Map.Entry<String, String> next;
                synchronized (newest) {
                    while (newest.isEmpty() && !ended) {
                        newest.wait();
                    }
                    if (ended) {
                        return;
                    }
                    var it = newest.entrySet().iterator();
                    next = it.next();
                    it.remove();
                }
                connection.send(next.getKey(), next.getValue());
            }
        } catch (IOException e) {
            log.debug("dashboard viewer gone: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Ends the viewer: its thread stops and its response ends. Idempotent. */
    public void close() {
        synchronized (newest) {
            if (ended) {
                return;
            }
            ended = true;
            newest.clear();
            newest.notifyAll();
        }
        onEnd.accept(this);
        connection.close();
    }
}
