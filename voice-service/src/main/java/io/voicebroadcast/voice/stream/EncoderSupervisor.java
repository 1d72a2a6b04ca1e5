package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.RoomEncoder;
import io.voicebroadcast.voice.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's encoder, the one process that encodes: its life and its restart policy. It starts an
 * encoder and hands it the frame clock's output; the encoder writes the room's program, which the
 * destinations' publishers copy, so they stay connected while it restarts. When the encoder ends
 * by itself it restarts it (the sources stay warm): at once when it had run steadily (flowing for
 * {@link #STEADY_RUN}, which also resets the backoff), else after the backoff, unless the broadcast cannot
 * go on: the encoder failed {@code maxFailures} times within the failure window, or restarts are
 * off. Then the state is Failed and the room is told to stop with reason error. An encoder whose
 * output has not grown for the stall timeout is killed ({@link #checkStall}), and its exit
 * restarts it.
 * <p>
 * Time is read from the context's clock and waiting goes through its {@link Scheduler}, so a test
 * drives both. Nothing here calls the room while holding its own lock.
 */
final class EncoderSupervisor implements FrameClock.Output {

    private static final Logger log = LoggerFactory.getLogger(EncoderSupervisor.class);
    /**
     * An encoder whose output still grew this long after its launch ran steadily: its crash is an accident, not a
     * loop, so the next one starts at once (the viewers see the picture again within the restart
     * itself) and the backoff starts over. A crash loop ends sooner and backs off; the failure window
     * still ends a broadcast whose encoder keeps failing, however long each run.
     */
    static final Duration STEADY_RUN = Duration.ofSeconds(5);

    /** What the room is told. Called on any thread, never under the supervisor's lock. */
    interface Listener {
        /** The encoder's state changed: the health verdict may have. */
        void encoderChanged();

        /** The broadcast cannot go on ({@code maskedReason}): stop it with reason error. */
        void encoderFailed(String maskedReason);
    }

    private final SupervisorContext context;
    private final SupervisionSettings settings;
    private final Supplier<RoomEncoder> launcher;
    private final Listener listener;
    private final Backoff backoff;
    private final FailureWindow failures;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile RoomEncoder encoder;
    /** Starting (read as Running once the encoder flows), Restarting, Failed or Stopped; written under the lock. */
    private volatile EncoderState state = EncoderState.STARTING;
    private volatile long launchedNanos;
    private volatile String lastProblem;
    /** Why the running encoder is being killed, if it is: its exit is then counted under this cause. */
    private volatile EncoderExit killedFor;

    /**
     * @param launcher makes (does not start) an encoder, writing into a new run of the room's program
     */
    EncoderSupervisor(SupervisorContext context, SupervisionSettings settings, Supplier<RoomEncoder> launcher,
                      Listener listener) {
        this.context = context;
        this.settings = settings;
        this.launcher = launcher;
        this.listener = listener;
        this.backoff = settings.restartBackoff().get();
        this.failures = new FailureWindow(settings.maxFailures(), settings.failureWindow().toNanos());
    }

    /** Starts the first encoder. */
    void start() {
        launch();
    }

    private void launch() {
        RoomEncoder next;
        synchronized (this) {
            if (ended()) {
                return;
            }
            next = launcher.get();
            encoder = next;
            killedFor = null;
            state = EncoderState.STARTING;
            launchedNanos = context.now();
        }
        try {
            next.start(() -> onExit(next));
        } catch (IOException e) {
            lastProblem = "cannot start the encoder: " + context.mask(String.valueOf(e.getMessage()));
            log.error("room {} {}", context.roomTag(), lastProblem);
            killedFor = EncoderExit.NOT_STARTED;
            onExit(next);
            return;
        }
        if (state instanceof EncoderState.Stopped) {
            next.stop(); // stopped while it started
        }
    }

    private void onExit(RoomEncoder exited) {
        long now = context.now();
        EncoderExit cause = killedFor == null ? EncoderExit.EXITED : killedFor;
        String last = exited.lastError();
        String problem = cause == EncoderExit.NOT_STARTED ? lastProblem
                : cause.description() + (last.isBlank() ? "" : ": " + last);
        // its output still grew a steady run after its launch
        boolean ranSteadily = exited.lastOutputGrowthNanos() - launchedNanos >= STEADY_RUN.toNanos();
        String fatal;
        Duration delay = Duration.ZERO;
        synchronized (this) {
            if (exited != encoder || ended()) {
                return;
            }
            lastProblem = problem;
            fatal = whyItCannotGoOn(now);
            if (fatal != null) {
                lastProblem = fatal;
                state = new EncoderState.Failed(fatal);
            } else {
                if (ranSteadily) {
                    backoff.reset();
                } else {
                    delay = backoff.next();
                }
                state = new EncoderState.Restarting(restarts.incrementAndGet(), problem, now + delay.toNanos());
            }
        }
        listener.encoderChanged();
        if (fatal != null) {
            log.error("room {} stream stops with reason error: {}", context.roomTag(), fatal);
            context.scheduler().execute(() -> listener.encoderFailed(fatal));
            return;
        }
        context.metrics().encoderRestarted(cause);
        log.warn("room {} {}; restarting the encoder {} (sources stay warm, destinations stay connected)", context.roomTag(),
                problem, ranSteadily ? "at once, after a steady run" : "in " + delay.toMillis() + " ms");
        context.scheduler().schedule(() -> restart(exited), delay);
    }

    /** Null while a restart can help; else why not. Guarded by this. */
    private String whyItCannotGoOn(long now) {
        if (failures.recordAndCheck(now)) {
            return "the encoder failed " + failures.count() + " times within " + settings.failureWindow().toSeconds()
                    + " s; last: " + lastProblem;
        }
        if (!settings.restartOnFailure()) {
            return lastProblem + " (VOICE_STREAMING_RESTART_ON_FAILURE=false)";
        }
        return null;
    }

    private void restart(RoomEncoder exited) {
        synchronized (this) {
            // a stop, or a new destination, since the exit: nothing to restart
            if (encoder != exited || !(state instanceof EncoderState.Restarting)) {
                return;
            }
        }
        launch();
    }

    /** The periodic check: an encoder whose output has not grown for the stall timeout is killed, and its exit restarts it. */
    void checkStall(long nowNanos) {
        RoomEncoder e = encoder;
        if (!(state() instanceof EncoderState.Running) || e == null) {
            return;
        }
        long stalledNanos = nowNanos - e.lastOutputGrowthNanos();
        if (stalledNanos > settings.stallTimeout().toNanos()) {
            log.warn("room {} encoder stalled: no output for {} ms; killing it", context.roomTag(), stalledNanos / 1_000_000);
            killedFor = EncoderExit.STALLED;
            e.kill();
        }
    }

    /** Ends the encoding: a pending restart does not happen. */
    void stop() {
        RoomEncoder e;
        synchronized (this) {
            state = EncoderState.STOPPED;
            e = encoder;
        }
        if (e != null) {
            e.stop();
        }
    }

    private boolean ended() {
        return state instanceof EncoderState.Stopped || state instanceof EncoderState.Failed;
    }

    /** The state now: a launched encoder is Running once it flows. */
    EncoderState state() {
        EncoderState s = state;
        RoomEncoder e = encoder;
        return s instanceof EncoderState.Starting && e != null && e.isFlowing() ? new EncoderState.Running(launchedNanos) : s;
    }

    @Override
    public void video(byte[] frame) {
        RoomEncoder e = encoder;
        if (e != null) {
            e.video(frame);
        }
    }

    @Override
    public void audio(short[] chunk) {
        RoomEncoder e = encoder;
        if (e != null) {
            e.audio(chunk);
        }
    }

    /** How long the output has not grown while the encoder runs, in ms (0 while it does not run). */
    long outputStalledMs(long nowNanos) {
        RoomEncoder e = encoder;
        return e == null || !e.isFlowing() ? 0 : (nowNanos - e.lastOutputGrowthNanos()) / 1_000_000;
    }

    long slowForMs(long nowNanos) {
        RoomEncoder e = encoder;
        return e == null ? 0 : e.slowForNanos(nowNanos) / 1_000_000;
    }

    /** Frames the current encoder lost so far. */
    long droppedFrames() {
        RoomEncoder e = encoder;
        return e == null ? 0 : e.droppedFrames();
    }

    /** Why the encoder last failed (masked), or null: kept after a restart that succeeded. */
    String lastProblem() {
        return lastProblem;
    }

    int restarts() {
        return restarts.get();
    }

    Double fps() {
        RoomEncoder e = encoder;
        return e == null ? null : e.fps();
    }

    Double speed() {
        RoomEncoder e = encoder;
        return e == null ? null : e.speed();
    }

    /** The encoder's process id, or -1. */
    long pid() {
        RoomEncoder e = encoder;
        return e == null ? -1 : e.pid();
    }
}
