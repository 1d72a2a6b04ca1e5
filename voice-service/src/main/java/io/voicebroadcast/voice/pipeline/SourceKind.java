package io.voicebroadcast.voice.pipeline;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The rungs of the fallback cascade, each with its rank: 0 is tried first, black is last. */
public enum SourceKind {
    PRIMARY_STREAM(0),
    FALLBACK_STREAM(1),
    FALLBACK_IMAGE(2),
    DEFAULT(3),
    BLACK(4);

    /** Every kind, highest priority first: the order the cascade tries them in. */
    public static final List<SourceKind> BY_RANK = Arrays.stream(values()).sorted(Comparator.comparingInt(SourceKind::rank)).toList();

    private final int rank;

    SourceKind(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** Whether this kind goes on air in preference to {@code other} when both can. */
    public boolean outranks(SourceKind other) {
        return rank < other.rank;
    }
}
