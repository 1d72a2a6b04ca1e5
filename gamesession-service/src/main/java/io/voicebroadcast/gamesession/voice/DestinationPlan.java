package io.voicebroadcast.gamesession.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a running voice stream's destinations become the wanted ones with the voice API's
 * destination calls, in the order they are to be made: {@link #removals()} first (so that a URL
 * or a place they free can be taken), then the first destination's new URL with the update
 * ({@link #firstUrl()}: the voice stream's first destination keeps its id and only its publisher
 * starts again), then {@link #additions()}. A destination whose id and URL both stay is left
 * alone. When none stays, the voice stream cannot go through the change without a moment with no
 * destination: {@link #restart()} says it must be stopped and started with the wanted list.
 * <p>
 * A running destination whose URL is not known (null: e.g. a stream taken over after a lost
 * answer) never counts as staying. Pure; order of the running list matters (its first is the one
 * the update replaces), of the wanted list only for additions.
 *
 * @param firstUrl the running first destination's new URL, or null to leave it
 */
public record DestinationPlan(List<String> removals, String firstUrl, List<StreamDestination> additions, boolean restart) {

    public DestinationPlan {
        removals = List.copyOf(removals);
        additions = List.copyOf(additions);
    }

    public static DestinationPlan between(List<StreamDestination> running, List<StreamDestination> wanted) {
        StreamDestination first = running.isEmpty() ? null : running.get(0);
        StreamDestination replacing = first == null ? null : wanted.stream()
                .filter(w -> w.id().equals(first.id()) && !w.url().equals(first.url())).findFirst().orElse(null);
        List<String> removals = new ArrayList<>();
        boolean anyStays = false;
        for (StreamDestination r : running) {
            if (r == first && replacing != null) {
                continue;
            }
            if (stays(r, wanted)) {
                anyStays = true;
            } else {
                removals.add(r.id());
            }
        }
        if (!anyStays && replacing == null) {
            return new DestinationPlan(List.of(), null, List.of(), true);
        }
        List<StreamDestination> additions = wanted.stream().filter(w -> w != replacing && !stays(w, running)).toList();
        return new DestinationPlan(removals, replacing == null ? null : replacing.url(), additions, false);
    }

    private static boolean stays(StreamDestination d, List<StreamDestination> in) {
        return d.url() != null && in.stream().anyMatch(o -> o.id().equals(d.id()) && d.url().equals(o.url()));
    }

    public boolean isEmpty() {
        return !restart && removals.isEmpty() && firstUrl == null && additions.isEmpty();
    }

    /** The running list after one removal, as the voice service keeps it. */
    public static List<StreamDestination> without(List<StreamDestination> running, String id) {
        return running.stream().filter(d -> !d.id().equals(id)).toList();
    }

    /** The running list after its first destination's URL was replaced. */
    public static List<StreamDestination> withFirstUrl(List<StreamDestination> running, String url) {
        List<StreamDestination> out = new ArrayList<>(running);
        out.set(0, new StreamDestination(running.get(0).id(), Objects.requireNonNull(url)));
        return List.copyOf(out);
    }

    /** The running list after an addition: the new one comes last. */
    public static List<StreamDestination> with(List<StreamDestination> running, StreamDestination added) {
        List<StreamDestination> out = new ArrayList<>(running);
        out.add(added);
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        if (restart) {
            return "DestinationPlan[restart]";
        }
        return "DestinationPlan[remove=" + removals + (firstUrl == null ? "" : ", first=" + new StreamDestination(null, firstUrl).maskedUrl())
                + ", add=" + additions + "]";
    }
}
