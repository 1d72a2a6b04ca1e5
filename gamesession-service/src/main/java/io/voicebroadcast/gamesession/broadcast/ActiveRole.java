package io.voicebroadcast.gamesession.broadcast;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance is the active one (docs/state.md#two-instances): the one that reconciles,
 * talks to the voice nodes, consumes the camera events and applies the API's requests. Without a
 * database there is one instance and it is active from the start; with one, an instance is a
 * standby until it holds the state's lock, then {@link #take} runs the takeover's steps in the
 * order they were registered (cameras loaded, broadcasts adopted, consumer started, requests of
 * the standby applied).
 */
public final class ActiveRole {

    private static final Logger log = LoggerFactory.getLogger(ActiveRole.class);

    private volatile boolean active;
    private final List<Runnable> takeover = new CopyOnWriteArrayList<>();
    private final List<Runnable> whenActive = new CopyOnWriteArrayList<>();

    private ActiveRole(boolean active) {
        this.active = active;
    }

    /** One instance on its own (state in memory): active from the start. */
    public static ActiveRole alone() {
        return new ActiveRole(true);
    }

    /** An instance among others on a database: a standby until {@link #take}. */
    public static ActiveRole standby() {
        return new ActiveRole(false);
    }

    public boolean isActive() {
        return active;
    }

    /** A step of the takeover, run in registration order when this instance becomes the active one. */
    public void onTakeover(Runnable step) {
        takeover.add(step);
    }

    /** Run once this instance is the active one, after the takeover's steps (at once if it is already). */
    public void whenActive(Runnable step) {
        whenActive.add(step);
    }

    /** This instance holds the lock: runs the takeover's steps, then answers the API itself. */
    public void take() {
        long began = System.nanoTime();
        for (Runnable step : takeover) {
            step.run();
        }
        active = true;
        for (Runnable step : whenActive) {
            step.run();
        }
        log.info("role: this instance is the active one (reconciles, consumes the camera events, applies the API's requests);"
                + " takeover done in {} ms", (System.nanoTime() - began) / 1_000_000);
    }
}
