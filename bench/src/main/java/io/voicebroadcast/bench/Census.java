package io.voicebroadcast.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a process holds, counted by kind: its threads by name with the numbers taken out
 * ({@code http-nio-#-exec-#}: one pool), its open files by what they lead to. Two censuses
 * compared say which kinds grew or shrank, which is what explains a different total.
 */
record Census(Map<String, Long> counts) {

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    static Census of(List<String> names) {
        return new Census(names.stream().map(n -> NUMBER.matcher(n).replaceAll("#"))
                .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting())));
    }

    /** Counted by name as given: for names whose numbers say what they are, such as a socket's remote port. */
    static Census exact(List<String> names) {
        return new Census(names.stream().collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting())));
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Whether every kind whose count changed since {@code before} is one of {@code bounded} (pools
     * whose size moves with the work of the moment) and holds at most its bound: then a different
     * total is no leak.
     */
    boolean changedOnlyWithin(Census before, Map<String, Integer> bounded) {
        Map<String, Long> kinds = new TreeMap<>(before.counts);
        counts.forEach(kinds::putIfAbsent);
        for (String kind : kinds.keySet()) {
            long now = counts.getOrDefault(kind, 0L);
            Integer bound = bounded.get(kind);
            if (now != before.counts.getOrDefault(kind, 0L) && (bound == null || now > bound)) {
                return false;
            }
        }
        return true;
    }

    /** The kinds whose count changed from {@code before} to this, e.g. {@code "+1 process reaper, -2 pool-#-thread-#"}; empty when none did. */
    String changesSince(Census before) {
        Map<String, Long> delta = new TreeMap<>();
        before.counts.forEach((k, v) -> delta.merge(k, -v, Long::sum));
        counts.forEach((k, v) -> delta.merge(k, v, Long::sum));
        return delta.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> (e.getValue() > 0 ? "+" : "") + e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
