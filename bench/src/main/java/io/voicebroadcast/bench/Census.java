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

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
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
