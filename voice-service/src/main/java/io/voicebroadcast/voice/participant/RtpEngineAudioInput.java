package io.voicebroadcast.voice.participant;

import io.voicebroadcast.voice.audio.AudioMixer;
import io.voicebroadcast.voice.audio.MixerSourceStatus;
import io.voicebroadcast.voice.audio.RtpTotals;
import io.voicebroadcast.voice.audio.UdpPortAllocator;
import io.voicebroadcast.voice.retry.Backoff;
import io.voicebroadcast.voice.rtpengine.AnsweredSource;
import io.voicebroadcast.voice.rtpengine.NgClient;
import io.voicebroadcast.voice.rtpengine.NgErrorException;
import io.voicebroadcast.voice.rtpengine.NgAddress;
import io.voicebroadcast.voice.rtpengine.NgException;
import io.voicebroadcast.voice.rtpengine.NgProtocolException;
import io.voicebroadcast.voice.rtpengine.NgTimeoutException;
import io.voicebroadcast.voice.rtpengine.OfferedSource;
import io.voicebroadcast.voice.rtpengine.SubscriptionAnswer;
import io.voicebroadcast.voice.rtpengine.SubscriptionSdp;
import io.voicebroadcast.voice.stream.AudioInput;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's audio taken from its RTPEngine call: every publisher subscribed with one local port each
 * and mixed by an {@link AudioMixer}, which the frame clock reads.
 *
 * <p>One thread per room keeps the subscription in line with the call, every {@code queryInterval}
 * or at once when {@link #poke()}d (a join or leave through the API), and acts on the {@link
 * SubscriptionPlan}. Who publishes: in a room whose participants join through this service, those
 * joined (the API knows them); RTPEngine is asked only about our own tag ({@code query} with
 * {@code from-tag}: our subscription and its sources, a reply that stays small), which also
 * notices a dead or restarted RTPEngine. A whole call's {@code query} lists everyone who ever joined
 * (RTPEngine 10.5 keeps departed participants until the call ends, about 600 bytes each) and past
 * 64 KB no longer fits a UDP datagram: it is sent only for a call set up elsewhere, whose
 * publishers nothing else names, and a reply that never comes while RTPEngine answers {@code ping}
 * is reported as such. A command that fails marks the subscription stale and sets {@link
 * #problem()} (logged at once and again every {@link #STILL_FAILING_WARN_INTERVAL} while it lasts);
 * the mix meanwhile plays the voices left or silence (the mixer never waits), and the thread tries
 * again with backoff until RTPEngine answers and the voices are back. The frame clock is never
 * blocked by any of this.
 */
public final class RtpEngineAudioInput implements AudioInput {

    private static final Logger log = LoggerFactory.getLogger(RtpEngineAudioInput.class);
    /** While the subscription keeps failing, the warning is repeated this often. */
    static final Duration STILL_FAILING_WARN_INTERVAL = Duration.ofMinutes(1);

    /**
     * @param toTag         our tag in the call, as the subscriber
     * @param queryInterval how often the publishers are looked up (also how soon a dead RTPEngine is noticed)
     */
    public record Settings(String toTag, Duration queryInterval, Duration backoffInitial, Duration backoffMax) {

        public Settings {
            Objects.requireNonNull(toTag, "toTag");
            Objects.requireNonNull(queryInterval, "queryInterval");
        }
    }

    private final String roomTag;
    private final String callId;
    private final NgClient ng;
    private final SubscriptionSdp sdp;
    private final UdpPortAllocator ports;
    private final AudioMixer mixer;
    private final Settings settings;
    private final Backoff backoff;
    private final Runnable onClose;
    /** The participants that joined through this service, or null for a call set up elsewhere. */
    private final Supplier<List<String>> joined;
    private final Map<String, MixSetting> mixSettings = new ConcurrentHashMap<>();
    /** Worker thread only: the sources we mix and their answered ports. */
    private final Map<String, AnsweredSource> subscribed = new LinkedHashMap<>();
    private boolean stale;
    /** Our tag in the call: {@link Settings#toTag()}, then with a suffix each time we had to subscribe afresh. */
    private volatile String toTag;
    private int generation;
    /** Worker thread only: our earlier to-tags, deleted once a new subscription stands. */
    private final List<String> retired = new ArrayList<>();
    private long failingSinceNanos;
    private long lastWarnNanos;
    private int failedAttempts;
    private volatile String problem;
    private volatile boolean closed;
    private final Object signal = new Object();
    private boolean poked;
    private final Thread worker;

    public RtpEngineAudioInput(String roomTag, String callId, NgClient ng, SubscriptionSdp sdp, UdpPortAllocator ports,
                               AudioMixer.Settings mixerSettings, LongSupplier nanoTime, Settings settings, Backoff backoff,
                               Runnable onClose, Supplier<List<String>> joined) {
        this.roomTag = roomTag;
        this.callId = Objects.requireNonNull(callId, "callId");
        this.ng = ng;
        this.sdp = sdp;
        this.ports = ports;
        this.mixer = new AudioMixer(mixerSettings, nanoTime);
        this.settings = settings;
        this.backoff = backoff;
        this.onClose = onClose;
        this.joined = joined;
        this.toTag = settings.toTag();
        this.worker = new Thread(this::run, "rtpengine-" + roomTag);
        this.worker.setDaemon(true);
    }

    /** Subscribes on the caller's thread once (so a start sees the voices at once), then keeps it up. */
    public RtpEngineAudioInput start() {
        reconcile();
        worker.start();
        return this;
    }

    public String callId() {
        return callId;
    }

    /** Look at the call now rather than at the next interval: someone joined or left. */
    public void poke() {
        synchronized (signal) {
            poked = true;
            signal.notifyAll();
        }
    }

    /** Whether the participant is (or is about to be) mixed: a joined tag or a subscribed one. */
    public boolean isMixed(String participantId) {
        return mixer.source(participantId).isPresent();
    }

    /** Sets a participant's mix; kept for one not yet subscribed, applied when it is. */
    public void configure(String participantId, Boolean excluded, Double gainDb) {
        MixSetting next = mixSettings.getOrDefault(participantId, MixSetting.DEFAULT).with(excluded, gainDb);
        mixSettings.put(participantId, next);
        apply(participantId, next);
    }

    public List<MixerSourceStatus> participants() {
        return mixer.sources();
    }

    /** Why the voices may be missing (RTPEngine unreachable, a refused subscription), or null. */
    @Override
    public String problem() {
        return problem;
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public boolean isReceiving(long nowNanos, long thresholdNanos) {
        for (MixerSourceStatus s : mixer.sources()) {
            if (s.stats().lastPacketNanos().isPresent() && nowNanos - s.stats().lastPacketNanos().getAsLong() <= thresholdNanos) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        return "from RTPEngine call " + callId;
    }

    @Override
    public RtpTotals totals() {
        return mixer.totals();
    }

    @Override
    public boolean read(short[] chunk) {
        return mixer.read(chunk);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poke();
        worker.interrupt();
        try {
            // An ng command in flight ends within its timeout and retries.
            long ms = ng.settings().timeout().toMillis() * (ng.settings().retries() + 1) + 1_000;
            worker.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!subscribed.isEmpty() && !stale) {
            try {
                ng.unsubscribe(callId, toTag);
            } catch (NgException e) {
                log.info("room {}: unsubscribe from RTPEngine call {} failed ({}); it ends with the call", roomTag, callId, e.getMessage());
            }
        }
        mixer.close();
        onClose.run();
    }

    private void run() {
        while (!closed) {
            long waitMs = reconcile();
            synchronized (signal) {
                if (!poked && !closed) {
                    try {
                        signal.wait(waitMs);
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    }
                }
                poked = false;
            }
        }
    }

    /** @return how long to wait before the next look */
    private synchronized long reconcile() {
        if (closed) {
            return 0;
        }
        try {
            List<String> publishers = publishers();
            SubscriptionPlan plan = SubscriptionPlan.decide(publishers, subscribed.keySet(), stale);
            switch (plan.action()) {
                case NOTHING -> { }
                case REMOVE -> plan.remove().forEach(tag -> {
                    subscribed.remove(tag);
                    mixer.removeSource(tag);
                    log.info("room {}: {} left RTPEngine call {}; out of the mix", roomTag, tag, callId);
                });
                case DROP_ALL -> dropAll(!stale);
                case SUBSCRIBE -> subscribe(plan);
            }
            stale = false;
            if (problem != null) {
                log.info("room {}: RTPEngine call {} subscribed again ({} sources) after {} s and {} failed attempts", roomTag, callId,
                        subscribed.size(), Duration.ofNanos(System.nanoTime() - failingSinceNanos).toSeconds(), failedAttempts);
            }
            problem = null;
            failedAttempts = 0;
            backoff.reset();
            return settings.queryInterval().toMillis();
        } catch (NgException | IllegalArgumentException | IllegalStateException | UdpPortAllocator.UdpPortsExhaustedException e) {
            long now = System.nanoTime();
            if (!stale || problem == null) {
                log.warn("room {}: RTPEngine call {}: {}; the broadcast goes on with the other voices or silence, retrying",
                        roomTag, callId, e.getMessage());
                failingSinceNanos = now;
                lastWarnNanos = now;
            } else if (now - lastWarnNanos >= STILL_FAILING_WARN_INTERVAL.toNanos()) {
                log.warn("room {}: RTPEngine call {} still not subscribed after {} s and {} attempts: {}; retrying",
                        roomTag, callId, Duration.ofNanos(now - failingSinceNanos).toSeconds(), failedAttempts + 1, e.getMessage());
                lastWarnNanos = now;
            }
            failedAttempts++;
            stale = true;
            problem = describe(e);
            dropDeparted();
            return backoff.next().toMillis();
        }
    }

    /** While RTPEngine cannot be asked, those who left through the API still leave the mix (and free their ports). */
    private void dropDeparted() {
        if (joined == null) {
            return;
        }
        List<String> present = joined.get();
        for (String tag : List.copyOf(subscribed.keySet())) {
            if (!present.contains(tag)) {
                subscribed.remove(tag);
                mixer.removeSource(tag);
                log.info("room {}: {} left; out of the mix", roomTag, tag);
            }
        }
    }

    /**
     * Who publishes now; an unknown call has nobody. If RTPEngine no longer knows our to-tag while
     * we think we are subscribed, it lost the subscription (a restart): it is stale.
     */
    private List<String> publishers() {
        if (joined == null) {
            return queriedPublishers();
        }
        if (!subscribed.isEmpty()) {
            Map<String, Boolean> ours;
            try {
                ours = ng.queryTag(callId, toTag);
            } catch (NgErrorException e) {
                ours = Map.of(); // "Unknown call-id" or tag: RTPEngine restarted and forgot the call
            } catch (NgTimeoutException e) {
                throw answersPingOnly(e);
            }
            stale |= !ours.containsKey(toTag);
        }
        List<String> members = joined.get();
        if (members.isEmpty() && subscribed.isEmpty()) {
            ng.ping(); // nothing to ask about; a dead RTPEngine is still noticed
            return List.of();
        }
        if (stale || subscribed.isEmpty()) {
            // After an RTPEngine restart only those who joined again are known to it.
            List<String> known = new ArrayList<>();
            for (String tag : members) {
                if (ng.publishes(callId, tag)) {
                    known.add(tag);
                }
            }
            return known;
        }
        return members;
    }

    /** A call set up elsewhere: only the whole call's {@code query} names its publishers. */
    private List<String> queriedPublishers() {
        Map<String, Boolean> tags;
        try {
            tags = ng.queryCall(callId);
        } catch (NgErrorException e) {
            // "Unknown call-id": nobody has published yet, or RTPEngine restarted and forgot the call.
            stale |= !subscribed.isEmpty();
            return List.of();
        } catch (NgTimeoutException e) {
            throw answersPingOnly(e);
        }
        if (!subscribed.isEmpty() && !tags.containsKey(toTag)) {
            stale = true;
        }
        List<String> publishers = new ArrayList<>();
        tags.forEach((tag, sends) -> {
            if (sends && !tag.equals(toTag)) {
                publishers.add(tag);
            }
        });
        return publishers;
    }

    /**
     * A {@code query} unanswered: if RTPEngine answers {@code ping}, its reply was most likely too
     * large for a UDP datagram (RTPEngine then sends nothing), which no retry will change.
     */
    private NgException answersPingOnly(NgTimeoutException e) {
        if (ng.settings().address().transport() != NgAddress.Transport.UDP) {
            return e;
        }
        try {
            ng.ping();
        } catch (NgException down) {
            return e;
        }
        return new NgProtocolException("query", "RTPEngine answers 'ping' but not 'query' for the call: its reply (about 600 bytes"
                + " per participant that ever joined the call) is likely larger than a UDP datagram (64 KB), which RTPEngine"
                + " does not send; point VOICE_RTPENGINE_NG_URL at RTPEngine's tcp:// listener", e);
    }

    private void subscribe(SubscriptionPlan plan) {
        for (String tag : plan.remove()) {
            subscribed.remove(tag);
            mixer.removeSource(tag);
        }
        Set<String> keep = plan.keep();
        var offer = ng.subscribeRequest(callId, toTag, plan.fromTags(), Optional.empty());
        if (sdp.hasLeftoverSections(offer)) {
            // Sections of publishers who left (see SubscriptionSdp): start over under a new to-tag,
            // every source on a new port; the old subscription is deleted once the new one stands
            // (deleted first, it would leave the publishers without a peer and RTPEngine would end
            // the whole call), which frees RTPEngine's ports for it.
            String fresh = settings.toTag() + "-" + (++generation);
            log.info("room {}: RTPEngine keeps sections of publishers who left in subscription {}; subscribing afresh as {}",
                    roomTag, toTag, fresh);
            dropAll(false);
            retired.add(toTag);
            toTag = fresh;
            keep = Set.of();
            offer = ng.subscribeRequest(callId, toTag, plan.fromTags(), Optional.empty());
        }
        List<OfferedSource> offered = sdp.parseOffer(offer);
        Map<String, DatagramSocket> fresh = new HashMap<>();
        try {
            Map<String, Integer> localPorts = new HashMap<>();
            for (OfferedSource source : offered) {
                AnsweredSource kept = keep.contains(source.fromTag()) ? subscribed.get(source.fromTag()) : null;
                if (kept != null) {
                    localPorts.put(source.fromTag(), kept.localPort());
                } else {
                    DatagramSocket socket = ports.allocate();
                    fresh.put(source.fromTag(), socket);
                    localPorts.put(source.fromTag(), socket.getLocalPort());
                }
            }
            SubscriptionAnswer answer = sdp.answer(offered, localPorts, Optional.empty());
            ng.subscribeAnswer(callId, toTag, answer.sdp());
            deleteRetired();
            for (AnsweredSource source : answer.accepted()) {
                if (!fresh.containsKey(source.fromTag())) {
                    continue; // kept: already mixed on this port
                }
                InetAddress sender = InetAddress.getByName(source.senderHost());
                // From here the mixer owns the socket (and closes it if it refuses the source).
                mixer.addSource(source.fromTag(), fresh.remove(source.fromTag()), source.format(), sender);
                subscribed.put(source.fromTag(), source);
                apply(source.fromTag(), mixSettings.getOrDefault(source.fromTag(), MixSetting.DEFAULT));
            }
            // Someone who left between the query and now is no longer offered: drop it.
            subscribed.keySet().retainAll(offer.fromTags());
            mixer.sources().stream().map(MixerSourceStatus::id).filter(id -> !subscribed.containsKey(id)).forEach(mixer::removeSource);
            if (!answer.rejected().isEmpty()) {
                log.warn("room {}: sources {} offer no codec we decode (Opus, PCMU, PCMA); they are not mixed", roomTag, answer.rejected());
            }
            log.info("room {}: subscribed to {} of RTPEngine call {}", roomTag, subscribed.keySet(), callId);
        } catch (IOException e) {
            throw new IllegalStateException("RTPEngine's offer names a sender address that does not resolve: " + e.getMessage(), e);
        } finally {
            fresh.values().forEach(DatagramSocket::close);
        }
    }

    /** Deletes our earlier subscriptions (their RTPEngine ports freed); one that cannot be deleted now is tried after the next subscription. */
    private void deleteRetired() {
        for (String tag : List.copyOf(retired)) {
            try {
                ng.delete(callId, tag);
                retired.remove(tag);
            } catch (NgErrorException e) {
                retired.remove(tag); // RTPEngine no longer knows it
            } catch (NgException e) {
                log.info("room {}: deleting our old subscription {} failed ({}); trying again later", roomTag, tag, e.getMessage());
            }
        }
    }

    private void dropAll(boolean unsubscribe) {
        if (unsubscribe && !subscribed.isEmpty()) {
            ng.unsubscribe(callId, toTag);
        }
        for (String tag : List.copyOf(subscribed.keySet())) {
            mixer.removeSource(tag);
        }
        subscribed.clear();
    }

    private void apply(String participantId, MixSetting setting) {
        mixer.setExcluded(participantId, setting.excluded());
        mixer.setGainDb(participantId, setting.gainDb());
    }

    private static String describe(RuntimeException e) {
        String what = e instanceof NgException ng && ng.retryable() ? "RTPEngine unreachable" : "RTPEngine subscription failed";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return what + ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }
}
