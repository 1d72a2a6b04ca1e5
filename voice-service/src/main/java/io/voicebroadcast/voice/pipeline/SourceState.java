package io.voicebroadcast.voice.pipeline;

/**
 * What a source is doing at one instant: whether it can go on air, and if not, why. Each source
 * owns its state ({@link VideoSource#state}); the cascade only reads it.
 * <pre>
 *   Starting --first frame--> Delivering --no frame for the threshold, or a lost picture--> Lost
 *                                 ^                                                          |
 *                                 +--steady for the recovery hold-- Recovering <--frames-----+
 *   any --pause--> Paused --resume--> Starting          any --close--> Closed
 * </pre>
 * A source that never delivered is Starting, never Lost: its first frame puts it on air at once.
 */
public sealed interface SourceState {

    SourceState STARTING = new Starting(null);
    SourceState DELIVERING = new Delivering();
    SourceState PAUSED = new Paused();
    SourceState CLOSED = new Closed();

    /** Started (or resumed) and no frame yet; {@code problem}: why not yet (masked), or null. */
    record Starting(String problem) implements SourceState {
    }

    /** Frames within the loss threshold and a picture that is not lost: it may go on air. */
    record Delivering() implements SourceState {
    }

    /**
     * It delivered, then stopped counting at {@code sinceNanos}: no frame for the threshold, or a
     * black (frozen) picture for its own threshold. {@code cause}: why (masked), or null when the
     * frames just stopped coming.
     */
    record Lost(long sinceNanos, String cause) implements SourceState {
    }

    /** Delivering again after a loss, steadily since {@code sinceNanos}; Delivering once that lasts the recovery hold. */
    record Recovering(long sinceNanos) implements SourceState {
    }

    /** Not decoding on purpose (a backup stream on cold standby). */
    record Paused() implements SourceState {
    }

    /** Retired: it never delivers again. */
    record Closed() implements SourceState {
    }

    /** Why it cannot go on air (masked), or null when it can or nobody knows. */
    default String problem() {
        if (this instanceof Starting s) {
            return s.problem();
        }
        return this instanceof Lost l ? l.cause() : null;
    }
}
