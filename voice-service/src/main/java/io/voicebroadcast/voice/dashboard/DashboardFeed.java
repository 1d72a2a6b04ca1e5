package io.voicebroadcast.voice.dashboard;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboards' live feed: what every viewer is sent, and when. The node's broadcasts at once,
 * every {@link #BROADCASTS_INTERVAL} and soon after any change (coalesced over
 * {@link #CHANGE_DELAY}); the participants' levels every {@link #LEVELS_INTERVAL}. Each payload
 * is made once, on the feed's own thread, and only while someone watches; each {@link Viewer}
 * sends it on a thread of its own, newest first, so a slow viewer never holds back the broadcasts,
 * the feed or another viewer.
 */
public final class DashboardFeed implements AutoCloseable {

    /** The payloads, as the wire carries them (JSON). Called on the feed's thread only. */
    public interface Payloads {
        String broadcasts();

        String levels();
    }

    /** Event names on the wire. */
    public static final String BROADCASTS = "broadcasts";
    public static final String LEVELS = "levels";

    static final Duration BROADCASTS_INTERVAL = Duration.ofSeconds(1);
    static final Duration LEVELS_INTERVAL = Duration.ofMillis(200);
    /** A burst of changes (a failover tells a source change and a health change) makes one push. */
    static final Duration CHANGE_DELAY = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    private final Payloads payloads;
    private final int maxViewers;
    private final ScheduledExecutorService feed;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean changePending = new AtomicBoolean();

    public DashboardFeed(Payloads payloads, int maxViewers) {
        this.payloads = payloads;
        this.maxViewers = maxViewers;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dashboard-feed");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.feed = executor;
        feed.scheduleAtFixedRate(() -> publish(BROADCASTS), BROADCASTS_INTERVAL.toMillis(), BROADCASTS_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        feed.scheduleAtFixedRate(() -> publish(LEVELS), LEVELS_INTERVAL.toMillis(), LEVELS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A new viewer on {@code connection}: sent the broadcasts at once, then everything else.
     *
     * @throws TooManyViewersException when {@code maxViewers} watch already
     */
    public Viewer watch(Viewer.Connection connection) {
        Viewer viewer;
        synchronized (viewers) {
            if (viewers.size() >= maxViewers) {
                throw new TooManyViewersException("This node has " + maxViewers
                        + " dashboards watching already (VOICE_DASHBOARD_MAX_VIEWERS); close one or try again later");
            }
            viewer = new Viewer(connection, viewers::remove);
            viewers.add(viewer);
        }
        viewer.start();
        feed.execute(() -> offer(viewer, BROADCASTS));
        return viewer;
    }

    /** Something of a broadcast changed (a client event): every viewer gets the broadcasts soon. */
    public void changed() {
        if (changePending.compareAndSet(false, true)) {
            feed.schedule(() -> {
                changePending.set(false);
                publish(BROADCASTS);
            }, CHANGE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public int viewers() {
        return viewers.size();
    }

    private void publish(String event) {
        if (viewers.isEmpty()) {
            return;
        }
        String data = make(event);
        if (data != null) {
            viewers.forEach(v -> v.offer(event, data));
        }
    }

    private void offer(Viewer viewer, String event) {
        String data = make(event);
        if (data != null) {
            viewer.offer(event, data);
        }
    }

    private String make(String event) {
        try {
            return event.equals(BROADCASTS) ? payloads.broadcasts() : payloads.levels();
        } catch (RuntimeException e) {
            // One failed snapshot must not end the feed: the next tick tries again.
            log.warn("dashboard {} could not be made: {}", event, e.toString());
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
