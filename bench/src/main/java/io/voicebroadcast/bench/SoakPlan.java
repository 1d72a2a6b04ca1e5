package io.voicebroadcast.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the soak does when, in seconds from the moment its room is on air: every 30 s the camera
 * drops and comes back 5 s later, two participants join and, 7 s later, leave (4 s after joining
 * the mix is checked for them), and the service
 * is sampled while the camera is back on air and only the steady participant is in the room; once,
 * the destination's RTMP server restarts, and once, RabbitMQ (away for {@link #BROKER_DOWN_SECONDS}
 * from when it stops: the outage waits for other runs that hold outages off, beside the plan, so
 * that nothing else of the plan waits with it). The restarts happen between the window growth is
 * measured from and the last minute, so neither window holds one.
 */
record SoakPlan(Duration duration, int fromMinute, List<Step> steps) {

    static final int CYCLE_SECONDS = 30;
    static final int CAMERA_DOWN_SECONDS = 5;
    /** After the camera is back on air (about 10 s into the cycle), so that the output tells the two apart. */
    static final int JOIN_AT = 14;
    /** While the joined participants are present: are they in the mix? (The samples come after they left.) */
    static final int MIX_CHECK_AT = 18;
    static final int LEAVE_AT = 21;
    static final int DESTINATION_RESTART_AT = 23;
    static final int SAMPLE_AT = 26;
    /** After a sample, so that the camera drop of the next cycle happens while the broker is away (its events wait). */
    static final int BROKER_OUTAGE_AT = 28;
    static final int BROKER_DOWN_SECONDS = 9;

    enum Kind {
        CAMERA_DROP,
        CAMERA_BACK,
        JOIN,
        MIX_CHECK,
        LEAVE,
        DESTINATION_RESTART,
        SAMPLE,
        BROKER_OUTAGE
    }

    /** One thing to do {@code atSecond} after the room went on air, in cycle {@code cycle}. */
    record Step(int atSecond, Kind kind, int cycle) {
    }

    /**
     * @param fromMinute the minute growth is measured from (the service warmed up and the room settled)
     */
    static SoakPlan of(Duration duration, int fromMinute) {
        int cycles = (int) (duration.toSeconds() / CYCLE_SECONDS);
        int fromCycle = (fromMinute + 1) * 60 / CYCLE_SECONDS;     // the first cycle after the growth's first window
        int lastCycles = 60 / CYCLE_SECONDS;                        // the cycles of the last minute
        int room = cycles - lastCycles - fromCycle;
        if (room < 3) {
            throw new IllegalArgumentException("a soak of " + duration + " from minute " + fromMinute + " has no room for its restarts");
        }
        int destinationCycle = fromCycle + room / 3;
        int brokerCycle = fromCycle + 2 * room / 3;
        List<Step> steps = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            int t = c * CYCLE_SECONDS;
            steps.add(new Step(t, Kind.CAMERA_DROP, c));
            steps.add(new Step(t + CAMERA_DOWN_SECONDS, Kind.CAMERA_BACK, c));
            steps.add(new Step(t + JOIN_AT, Kind.JOIN, c));
            steps.add(new Step(t + MIX_CHECK_AT, Kind.MIX_CHECK, c));
            steps.add(new Step(t + LEAVE_AT, Kind.LEAVE, c));
            steps.add(new Step(t + SAMPLE_AT, Kind.SAMPLE, c));
            if (c == destinationCycle) {
                steps.add(new Step(t + DESTINATION_RESTART_AT, Kind.DESTINATION_RESTART, c));
            }
            if (c == brokerCycle) {
                steps.add(new Step(t + BROKER_OUTAGE_AT, Kind.BROKER_OUTAGE, c));
            }
        }
        steps.sort(Comparator.comparingInt(Step::atSecond).thenComparing(Step::kind));
        return new SoakPlan(duration, fromMinute, List.copyOf(steps));
    }

    long count(Kind kind) {
        return steps.stream().filter(s -> s.kind() == kind).count();
    }

    /**
     * Whether a moment falls in one of the two windows growth is measured over: the minute from
     * {@link #fromMinute} and the last minute. Only samples there force a full collection: each is
     * a pause of the whole service, which moves its A/V offset (the audio buffered during the
     * pause is played late), so the soak takes as few as it needs.
     */
    boolean inGrowthWindow(double atSecond) {
        double from = fromMinute * 60.0;
        double end = duration.toSeconds();
        return atSecond >= from && atSecond < from + Growth.WINDOW_SECONDS || atSecond > end - Growth.WINDOW_SECONDS;
    }
}
