package io.voicebroadcast.security.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dashboard's live feed (both services): what every viewer is sent, and when. Each {@link Beat}
 * names an event, how often it is sent and what makes its payload; the first beat is also sent to
 * a viewer at once and, soon after {@link #changed()}, to everyone (a burst within
 * {@link #CHANGE_DELAY} makes one push). A payload is made once per push, on the feed's own
 * thread, and only while someone watches; each {@link Viewer} sends it on a thread of its own,
 * newest first, so a slow viewer never holds back the service, the feed or another viewer.
 */
public final class DashboardFeed implements AutoCloseable {

    /** One kind of message: its SSE event name, its period, and its payload (JSON), made on the feed's thread. */
    public record Beat(String event, Duration every, Supplier<String> payload) {
    }

    /** A burst of changes (a failover tells a source change and a health change) makes one push. */
    static final Duration CHANGE_DELAY = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    private final List<Beat> beats;
    private final int maxViewers;
    private final String maxViewersSetting;
    private final ScheduledExecutorService feed;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean changePending = new AtomicBoolean();

    /**
     * @param beats             at least one; the first is the one sent at once and on a change
     * @param maxViewersSetting the setting that holds {@code maxViewers}, named when a viewer is refused
     */
    public DashboardFeed(List<Beat> beats, int maxViewers, String maxViewersSetting) {
        if (beats.isEmpty()) {
            throw new IllegalArgumentException("a feed has at least one beat");
        }
        this.beats = List.copyOf(beats);
        this.maxViewers = maxViewers;
        this.maxViewersSetting = maxViewersSetting;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dashboard-feed");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.feed = executor;
        for (Beat beat : this.beats) {
            long ms = beat.every().toMillis();
            // with a delay, not a rate: a payload that took long (a slow service asked for it) is not made again at once to catch up
            feed.scheduleWithFixedDelay(() -> publish(beat), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A new viewer on {@code connection}: sent the first beat at once, then everything else.
     *
     * @throws TooManyViewersException when {@code maxViewers} watch already
     */
    public Viewer watch(Viewer.Connection connection) {
        Viewer viewer;
        synchronized (viewers) {
            if (viewers.size() >= maxViewers) {
                throw new TooManyViewersException("This service has " + maxViewers + " dashboards watching already ("
                        + maxViewersSetting + "); close one or try again later");
            }
            viewer = new Viewer(connection, viewers::remove);
            viewers.add(viewer);
        }
        viewer.start();
        Beat first = beats.get(0);
        feed.execute(() -> {
            String data = make(first);
            if (data != null) {
                viewer.offer(first.event(), data);
            }
        });
        return viewer;
    }

    /** Something changed: every viewer gets the first beat soon. */
    public void changed() {
        if (changePending.compareAndSet(false, true)) {
            feed.schedule(() -> {
                changePending.set(false);
                publish(beats.get(0));
            }, CHANGE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public int viewers() {
        return viewers.size();
    }

    private void publish(Beat beat) {
        if (viewers.isEmpty()) {
            return;
        }
        String data = make(beat);
        if (data != null) {
            viewers.forEach(v -> v.offer(beat.event(), data));
        }
    }

    private String make(Beat beat) {
        try {
            return beat.payload().get();
        } catch (RuntimeException e) {
            // One failed payload must not end the feed: the next beat tries again.
            log.warn("dashboard {} could not be made: {}", beat.event(), e.toString());
            return null;
        }
    }

    /** Ends every viewer's stream (at shutdown) and the feed's thread. */
    @Override
    public void close() {
        feed.shutdownNow();
        viewers.forEach(Viewer::close);
    }
}
