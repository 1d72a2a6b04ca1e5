package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.voice.StreamDestination;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names a configuration's destinations that came without an id, so that a reconfiguration
 * changes only what changed: the voice stream keeps every destination whose id and URL stay.
 * <ul>
 *   <li>A destination whose URL the previous configuration had keeps that id.</li>
 *   <li>The first one, if its URL is new, takes the previous first destination's id (unless that
 *       URL is still configured): a new {@code rtmpOutputUrl} replaces the first destination, as
 *       the voice stream's update does.</li>
 *   <li>Any other gets the lowest {@code dN} that neither configuration uses, so an id never
 *       names another URL while the old one may still be on air.</li>
 * </ul>
 * An id given by the caller always wins; the rules above skip it. Pure.
 */
final class DestinationIds {

    private DestinationIds() {
    }

    /**
     * @param requested the new configuration's destinations, some without an id (no URL twice)
     * @param previous  the previous configuration's destinations, all named; empty for a first one
     */
    static List<StreamDestination> assign(List<StreamDestination> requested, List<StreamDestination> previous) {
        Set<String> taken = requested.stream().map(StreamDestination::id).filter(id -> id != null).collect(Collectors.toCollection(HashSet::new));
        Set<String> avoided = new HashSet<>(taken);
        previous.forEach(p -> avoided.add(p.id()));
        Map<String, String> previousIdByUrl = previous.stream().collect(Collectors.toMap(StreamDestination::url, StreamDestination::id));
        Set<String> requestedUrls = requested.stream().map(StreamDestination::url).collect(Collectors.toSet());
        List<StreamDestination> named = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            StreamDestination d = requested.get(i);
            String id = d.id();
            if (id == null) {
                id = free(previousIdByUrl.get(d.url()), taken);
            }
            if (id == null && i == 0 && !previous.isEmpty() && !requestedUrls.contains(previous.get(0).url())) {
                id = free(previous.get(0).id(), taken);
            }
            if (id == null) {
                int n = 1;
                while (avoided.contains("d" + n) || taken.contains("d" + n)) {
                    n++;
                }
                id = "d" + n;
            }
            taken.add(id);
            named.add(d.id() == null ? new StreamDestination(id, d.url()) : d);
        }
        return List.copyOf(named);
    }

    private static String free(String id, Set<String> taken) {
        return id == null || taken.contains(id) ? null : id;
    }
}
