package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.Publisher;
import io.voicebroadcast.voice.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination of a broadcast: its publisher's life and its reconnect policy, on its own. The
 * encoder and the other destinations never wait for it, and it never restarts them.
 * <ul>
 *   <li>A publisher that ends by itself is started again after the backoff (2 s growing x1.5 with
 *       jitter, capped; afresh after a run that was live for {@link DestinationSettings#STABLE_AFTER}).</li>
 *   <li>A publish rejected {@code maxRejectedPublishes} times in a row fails the destination for
 *       good: a wrong key does not become right by retrying forever.</li>
 *   <li>A publisher that has not published within the stall timeout of its start, or whose
 *       output has not grown for it while it was fed, is killed ({@link #check}); it reconnects
 *       with cause timeout.</li>
 * </ul>
 * Time is read from the context's clock and waiting goes through its {@link Scheduler}, so a test
 * drives both. The listener is never called under the supervisor's lock.
 */
final class DestinationSupervisor {

    private static final Logger log = LoggerFactory.getLogger(DestinationSupervisor.class);

    /** What the broadcast is told, on any thread, never under the supervisor's lock. */
    interface Listener {
        void destinationChanged(DestinationSupervisor destination, DestinationState previous, DestinationState now);
    }

    /** A destination's figures at one instant (its URL masked). */
    record Snapshot(String id, String maskedUrl, DestinationState state, long bytesSent, double bitrateKbps,
                    int reconnects, long skips, DestinationError lastErrorKind, String lastError) {
    }

    private final SupervisorContext context;
    private final String id;
    private final DestinationSettings settings;
    private final Function<OutputTarget, Publisher> launcher;
    private final Listener listener;
    private final Backoff backoff;
    // written under the lock, read anywhere
    private volatile OutputTarget target;
    private volatile Publisher publisher;
    private volatile DestinationState state;
    private volatile DestinationError lastErrorKind;
    private volatile String lastError;
    private volatile long endedRunsBytes;
    private volatile long endedRunsSkips;
    private volatile int reconnects;
    /** Why the running publisher is being killed, if it is: its exit is then classified so. */
    private volatile DestinationError killedFor;
    private volatile long liveSinceNanos;
    private int rejectedInARow; // guarded by this

    DestinationSupervisor(SupervisorContext context, String id, OutputTarget target, DestinationSettings settings,
                          Function<OutputTarget, Publisher> launcher, Listener listener) {
        this.context = context;
        this.id = id;
        this.target = target;
        this.settings = settings;
        this.launcher = launcher;
        this.listener = listener;
        this.backoff = settings.reconnectBackoff().get();
        this.state = new DestinationState.Connecting(0, context.now());
    }

    String id() {
        return id;
    }

    OutputTarget target() {
        return target;
    }

    DestinationState state() {
        return state;
    }

    void start() {
        launch(0);
    }

    /**
     * A new URL for this destination: its publisher starts again at once for it (the old one ends
     * its publish session on a thread of the scheduler). Rejected publishes are counted afresh, for
     * the new key.
     */
    void replace(OutputTarget next) {
        Publisher old;
        synchronized (this) {
            if (ended()) {
                return;
            }
            old = publisher;
            publisher = null;
            target = next;
            rejectedInARow = 0;
            backoff.reset();
            if (old != null) {
                endedRunsBytes += old.bytesSent();
                endedRunsSkips += old.skips();
            }
        }
        if (old != null) {
            context.scheduler().execute(old::stop);
        }
        log.info("room {} destination {} now {}", context.roomTag(), id, next.masked());
        launch(0);
    }

    private void launch(int attempt) {
        Publisher next;
        DestinationState previous;
        DestinationState now;
        synchronized (this) {
            if (ended()) {
                return;
            }
            next = launcher.apply(target);
            publisher = next;
            killedFor = null;
            previous = state;
            now = new DestinationState.Connecting(attempt, context.now());
            state = now;
        }
        tell(previous, now);
        try {
            next.start(new Publisher.Listener() {
                @Override
                public void live() {
                    onLive(next);
                }

                @Override
                public void exited() {
                    onExit(next, null, null);
                }
            });
        } catch (EgressException e) {
            onExit(next, DestinationError.UNREACHABLE, "not allowed now: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            onExit(next, DestinationError.OTHER, "cannot start the publisher: " + context.mask(String.valueOf(e.getMessage())));
        }
    }

    private void onLive(Publisher p) {
        DestinationState previous;
        DestinationState now;
        synchronized (this) {
            if (p != publisher || ended()) {
                return;
            }
            previous = state;
            liveSinceNanos = context.now();
            now = new DestinationState.Live(liveSinceNanos);
            state = now;
            rejectedInARow = 0;
        }
        tell(previous, now);
    }

    /** {@code forcedCause}: set when it never started; else what it printed, or why it was killed, says. */
    private void onExit(Publisher p, DestinationError forcedCause, String forcedMessage) {
        long now = context.now();
        boolean published = p.hasPublished();
        DestinationError cause = forcedCause != null ? forcedCause
                : killedFor != null ? killedFor : DestinationError.classify(p.errorTail(), published);
        String last = forcedMessage != null ? forcedMessage : p.lastError();
        String message = cause.description() + (last == null || last.isBlank() ? "" : ": " + last);
        DestinationState previous;
        DestinationState next;
        Duration delay = Duration.ZERO;
        synchronized (this) {
            if (p != publisher || ended()) {
                return;
            }
            previous = state;
            endedRunsBytes += p.bytesSent();
            endedRunsSkips += p.skips();
            publisher = null;
            lastErrorKind = cause;
            lastError = message;
            if (previous instanceof DestinationState.Live && now - liveSinceNanos >= DestinationSettings.STABLE_AFTER.toNanos()) {
                backoff.reset();
            }
            rejectedInARow = cause == DestinationError.REJECTED_PUBLISH && !published ? rejectedInARow + 1 : 0;
            if (rejectedInARow >= settings.maxRejectedPublishes()) {
                String reason = cause.description() + " " + rejectedInARow + " times in a row; giving up"
                        + (last == null || last.isBlank() ? "" : " (" + last + ")");
                lastError = reason;
                next = new DestinationState.Failed(cause, reason, now);
            } else {
                delay = backoff.next();
                int attempt = previous instanceof DestinationState.Connecting c ? c.attempt() + 1 : 1;
                next = new DestinationState.Reconnecting(attempt, cause, message, now, now + delay.toNanos());
            }
            state = next;
        }
        if (next instanceof DestinationState.Failed f) {
            log.error("room {} destination {} failed: {}", context.roomTag(), id, f.reason());
        } else {
            log.warn("room {} destination {} {}; reconnecting in {} ms", context.roomTag(), id, message, delay.toMillis());
            context.metrics().destinationReconnected(cause);
            context.scheduler().schedule(() -> reconnect(next), delay);
        }
        tell(previous, next);
    }

    private void reconnect(DestinationState scheduledIn) {
        int attempt;
        synchronized (this) {
            // replaced, removed or started otherwise since: nothing to do
            if (state != scheduledIn || !(scheduledIn instanceof DestinationState.Reconnecting r)) {
                return;
            }
            attempt = r.attempt();
            reconnects++;
        }
        launch(attempt);
    }

    /**
     * The periodic check: a publisher that has not published within the stall timeout of its
     * start, or that was fed the program but has not written any of it for the stall timeout, is
     * killed; its exit reconnects it with cause timeout. An idle program (the encoder restarting)
     * is no stall.
     */
    void check(long nowNanos) {
        Publisher p = publisher;
        DestinationState s = state;
        if (p == null) {
            return;
        }
        long stall = settings.stallTimeout().toNanos();
        String why = null;
        if (s instanceof DestinationState.Connecting c && nowNanos - c.sinceNanos() > stall) {
            why = "not published within " + settings.stallTimeout().toMillis() + " ms of its start";
        } else if (s instanceof DestinationState.Live && p.lastFedNanos() - p.lastOutputGrowthNanos() > stall
                && nowNanos - p.lastOutputGrowthNanos() > stall) {
            why = "no output for " + (nowNanos - p.lastOutputGrowthNanos()) / 1_000_000 + " ms while fed";
        }
        if (why != null) {
            log.warn("room {} destination {} publisher stalled ({}); killing it", context.roomTag(), id, why);
            killedFor = DestinationError.TIMEOUT;
            p.kill();
        }
    }

    /** Ends it: its publish session ends cleanly and nothing is restarted. */
    void stop() {
        Publisher p;
        DestinationState previous;
        DestinationState now;
        synchronized (this) {
            if (state instanceof DestinationState.Removed) {
                return;
            }
            previous = state;
            now = new DestinationState.Removed(context.now());
            state = now;
            p = publisher;
            publisher = null;
            if (p != null) {
                endedRunsBytes += p.bytesSent();
                endedRunsSkips += p.skips();
            }
        }
        if (p != null) {
            p.stop();
        }
        tell(previous, now);
    }

    private boolean ended() {
        return state instanceof DestinationState.Failed || state instanceof DestinationState.Removed;
    }

    private void tell(DestinationState previous, DestinationState now) {
        if (previous != now) {
            listener.destinationChanged(this, previous, now);
        }
    }

    Snapshot snapshot() {
        Publisher p = publisher;
        DestinationState s = state;
        long bytes = endedRunsBytes + (p == null ? 0 : p.bytesSent());
        double kbps = p != null && s instanceof DestinationState.Live ? p.bitrateKbps() : 0;
        long skips = endedRunsSkips + (p == null ? 0 : p.skips());
        return new Snapshot(id, target.masked(), s, bytes, kbps, reconnects, skips, lastErrorKind, lastError);
    }

    /** The running publisher's process id, or -1 (for operations and tests). */
    long pid() {
        Publisher p = publisher;
        return p == null ? -1 : p.pid();
    }
}
