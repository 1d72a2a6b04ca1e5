package io.voicebroadcast.bench;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One cycle's look at the mix while its participants are present ({@link SoakPlan#MIX_CHECK_AT},
 * a few seconds after they joined): were all of them, and the steady one, in the room's mix? The
 * samples are taken after they left, so they alone cannot tell a participant never mixed.
 *
 * @param expected the steady participant and this cycle's joined ones
 * @param mixed    the participants the room's status lists
 */
record SoakMixCheck(int cycle, Set<String> expected, Set<String> mixed) {

    SoakMixCheck {
        expected = Set.copyOf(expected);
        mixed = Set.copyOf(mixed);
    }

    boolean allMixed() {
        return mixed.containsAll(expected);
    }

    /** Cycles where all were mixed. */
    static long passed(List<SoakMixCheck> checks) {
        return checks.stream().filter(SoakMixCheck::allMixed).count();
    }

    /** Met only when there were checks and every one passed. */
    static boolean everyCycle(List<SoakMixCheck> checks) {
        return !checks.isEmpty() && passed(checks) == checks.size();
    }

    /** The first failing cycles and who was missing, for the report's note. */
    static String failures(List<SoakMixCheck> checks, int limit) {
        StringBuilder out = new StringBuilder();
        List<SoakMixCheck> failed = checks.stream().filter(c -> !c.allMixed()).toList();
        for (SoakMixCheck c : failed.subList(0, Math.min(limit, failed.size()))) {
            Set<String> missing = new TreeSet<>(c.expected());
            missing.removeAll(c.mixed());
            out.append(out.isEmpty() ? "" : "; ").append("cycle ").append(c.cycle()).append(" missing ").append(missing);
        }
        if (failed.size() > limit) {
            out.append("; ").append(failed.size() - limit).append(" more");
        }
        return out.toString();
    }
}
