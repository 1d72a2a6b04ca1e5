package io.voicebroadcast.voice.participant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the broadcast's subscription must do, given who publishes in the call now and what we are
 * subscribed to: a pure decision, so that joins, leaves and an RTPEngine restart are testable
 * without a daemon.
 *
 * <ul>
 *   <li>Nobody publishes: drop every source (and unsubscribe if RTPEngine still knows us).</li>
 *   <li>The publishers are exactly our sources and the subscription is intact: nothing to do.</li>
 *   <li>Only some left (their {@code delete} already stopped their streams): take them out of
 *       the mix, no command. Subscribing again would not help: RTPEngine (10.5) keeps a left
 *       participant's section in the subscription and offers one {@code m=} more than the list (the
 *       next subscription that meets such a section starts afresh under a new to-tag, see
 *       {@link RtpEngineAudioInput}).</li>
 *   <li>Otherwise subscribe again with the same to-tag and the full list. Sources we keep keep
 *       their local ports (RTPEngine keeps its sections, the streams flow on); a stale
 *       subscription (RTPEngine restarted or lost it) starts over with new ports.</li>
 * </ul>
 *
 * @param action   what to send
 * @param fromTags the publishers to subscribe, in RTPEngine's order
 * @param keep     sources that stay on their ports
 * @param remove   sources to take out of the mix
 */
public record SubscriptionPlan(Action action, List<String> fromTags, Set<String> keep, Set<String> remove) {

    public enum Action { NOTHING, SUBSCRIBE, REMOVE, DROP_ALL }

    public SubscriptionPlan {
        fromTags = List.copyOf(fromTags);
        keep = Set.copyOf(keep);
        remove = Set.copyOf(remove);
    }

    /**
     * @param publishers who publishes in the call now (from {@code query})
     * @param subscribed the sources we mix now
     * @param stale      whether our subscription can no longer be trusted (a failed command, or the
     *                   call no longer lists our to-tag)
     */
    public static SubscriptionPlan decide(List<String> publishers, Collection<String> subscribed, boolean stale) {
        Set<String> current = new LinkedHashSet<>(subscribed);
        if (publishers.isEmpty()) {
            return new SubscriptionPlan(current.isEmpty() && !stale ? Action.NOTHING : Action.DROP_ALL, List.of(), Set.of(), current);
        }
        if (!stale && current.equals(new LinkedHashSet<>(publishers))) {
            return new SubscriptionPlan(Action.NOTHING, publishers, current, Set.of());
        }
        if (!stale && current.containsAll(publishers)) {
            Set<String> gone = new LinkedHashSet<>(current);
            publishers.forEach(gone::remove);
            return new SubscriptionPlan(Action.REMOVE, publishers, new LinkedHashSet<>(publishers), gone);
        }
        Set<String> keep = new LinkedHashSet<>();
        Set<String> remove = new LinkedHashSet<>();
        for (String tag : current) {
            if (!stale && publishers.contains(tag)) {
                keep.add(tag);
            } else {
                remove.add(tag);
            }
        }
        return new SubscriptionPlan(Action.SUBSCRIBE, new ArrayList<>(publishers), keep, remove);
    }
}
