package io.voicebroadcast.voice.pipeline;

/**
 * A source's {@link SourceState}, kept from what happens to it (frames arriving, its decoder
 * failing, a pause, the close) under its {@link LossRule}. The part that depends on time alone (no
 * frame for the threshold is Lost; steady for the recovery hold ends Recovering) is worked out at
 * the instant asked, so no timer is needed. Thread-safe: a reader thread records frames, the
 * scheduler records failures, the frame clock reads.
 */
final class SourceLiveness {

    private final long thresholdNanos;
    private final long holdNanos;
    /** Starting, Delivering, Recovering, Paused or Closed: Lost is read off the time. Guarded by this. */
    private SourceState phase = SourceState.STARTING;
    private long lastFrameNanos;
    /** Why the frames stopped (masked), until the next frame; guarded by this. */
    private String problem;

    SourceLiveness(LossRule rule) {
        this.thresholdNanos = rule.threshold().toNanos();
        this.holdNanos = rule.recoveryHold().toNanos();
    }

    /**
     * A frame arrived at {@code nowNanos}. {@code pictureWasLost}: the source counted as lost for
     * its picture just before this frame.
     *
     * @return whether it ends a failure (the first frame since the start, or since the decoder
     *         failed): the reconnect backoff starts over
     */
    synchronized boolean frame(long nowNanos, boolean pictureWasLost) {
        if (!decodes()) {
            return false;
        }
        boolean endsFailure = phase instanceof SourceState.Starting || problem != null;
        if (phase instanceof SourceState.Starting) {
            phase = SourceState.DELIVERING;
        } else if (nowNanos - lastFrameNanos > thresholdNanos || pictureWasLost) {
            phase = holdNanos > 0 ? new SourceState.Recovering(nowNanos) : SourceState.DELIVERING;
        } else if (phase instanceof SourceState.Recovering r && nowNanos - r.sinceNanos() >= holdNanos) {
            phase = SourceState.DELIVERING;
        }
        lastFrameNanos = nowNanos;
        problem = null;
        return endsFailure;
    }

    /**
     * The decoder ended or could not start, for {@code maskedCause}. A source that delivered stays
     * as it was until the threshold has passed since its last frame (a decoder restarted at once
     * is no loss).
     */
    synchronized void failed(String maskedCause) {
        if (!decodes()) {
            return;
        }
        problem = maskedCause;
        if (phase instanceof SourceState.Starting) {
            phase = new SourceState.Starting(maskedCause);
        }
    }

    /** @return false when it was paused or closed already */
    synchronized boolean pause() {
        if (!decodes()) {
            return false;
        }
        phase = SourceState.PAUSED;
        return true;
    }

    /** A resumed source starts afresh: its frames from before the pause say nothing. @return false unless it was paused */
    synchronized boolean resume() {
        if (!(phase instanceof SourceState.Paused)) {
            return false;
        }
        phase = SourceState.STARTING;
        problem = null;
        return true;
    }

    synchronized void close() {
        phase = SourceState.CLOSED;
    }

    /** Neither paused nor closed: it should have a decoder. */
    synchronized boolean decodes() {
        return !(phase instanceof SourceState.Paused || phase instanceof SourceState.Closed);
    }

    synchronized boolean isPaused() {
        return phase instanceof SourceState.Paused;
    }

    synchronized boolean isClosed() {
        return phase instanceof SourceState.Closed;
    }

    /**
     * The state at {@code nowNanos}. {@code pictureLoss}: the source's picture makes it lost at
     * that instant (since when, and why), or null.
     */
    synchronized SourceState state(long nowNanos, SourceState.Lost pictureLoss) {
        if (!(phase instanceof SourceState.Delivering || phase instanceof SourceState.Recovering)) {
            return phase;
        }
        boolean silent = nowNanos - lastFrameNanos > thresholdNanos;
        if (silent || pictureLoss != null) {
            // Why the frames stopped comes first, whatever the last picture was.
            String cause = problem != null ? problem : pictureLoss != null ? pictureLoss.cause() : null;
            return new SourceState.Lost(silent ? lastFrameNanos + thresholdNanos : pictureLoss.sinceNanos(), cause);
        }
        if (phase instanceof SourceState.Recovering r && nowNanos - r.sinceNanos() >= holdNanos) {
            return SourceState.DELIVERING;
        }
        return phase;
    }
}
