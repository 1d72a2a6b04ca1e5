package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.RtpTotals;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomBroadcast;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.room.RoomNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's broadcasts: one {@link RoomStream} per streaming room, at most
 * {@code maxConcurrentStreams} of them (a semaphore, so concurrent starts never exceed it).
 * Stream configuration lives in memory only. Every status it answers is whole: the broadcast's
 * own with the room's audio mode and mixed participants, which {@link RoomVoices} tells.
 */
public final class StreamingCoordinator implements RoomBroadcast {

    private static final Logger log = LoggerFactory.getLogger(StreamingCoordinator.class);

    private final boolean enabled;
    private final int maxStreams;
    private final RoomDirectory rooms;
    private final UrlValidation urls;
    private final AudioInputFactory audioInputs;
    private final Redaction redaction;
    private final BroadcastEnvironment env;
    private final RoomVoices voices;
    private final SlotRequests slotRequests;
    private final OverlayRequests overlays;
    private final BroadcastUpdates updates;
    private final Semaphore slots;
    private final Map<UUID, StreamEntry> streams = new ConcurrentHashMap<>();
    /** Once set (a drain, or the node shutting down), every start is refused; running broadcasts go on. */
    private volatile boolean draining;

    public StreamingCoordinator(boolean enabled, int maxStreams, RoomDirectory rooms, UrlValidation urls,
                                AudioInputFactory audioInputs, Redaction redaction, BroadcastEnvironment env,
                                RoomVoices voices) {
        this.enabled = enabled;
        this.maxStreams = maxStreams;
        this.rooms = rooms;
        this.urls = urls;
        this.audioInputs = audioInputs;
        this.redaction = redaction;
        this.env = env;
        this.voices = voices;
        this.slots = new Semaphore(maxStreams);
        this.slotRequests = new SlotRequests(urls);
        this.overlays = new OverlayRequests(urls, env, redaction);
        this.updates = new BroadcastUpdates(urls, redaction);
    }

    public StreamStatus start(StartCommand cmd) {
        return start(cmd, null);
    }

    /** A start in a layout ({@code layout} null: the single layout of the request's own sources). */
    public StreamStatus start(StartCommand cmd, LayoutCommand layout) {
        ensureEnabled();
        Room room = rooms.find(cmd.roomId()).orElseThrow(() -> new RoomNotFoundException(cmd.roomId()));
        StartPlan.checkStartable(room, cmd);
        if (draining) {
            throw new NodeDrainingException("This node is draining: it takes no new broadcast; start it on another node");
        }
        StartPlan plan = StartPlan.of(cmd, urls, env.destinations().maxDestinations());
        Layout chosen = layout == null ? Layout.SINGLE : layout.layoutOr(Layout.SINGLE);
        List<SlotRequests.Probe> slotProbes = new ArrayList<>();
        List<SlotInputs> slotInputs = slotRequests.forStart(plan, layout, chosen, slotProbes);

        StreamEntry entry = new StreamEntry();
        if (streams.putIfAbsent(room.id(), entry) != null) {
            throw new StreamAlreadyActiveException("Room " + room.id() + " is already streaming");
        }
        if (!slots.tryAcquire()) {
            streams.remove(room.id(), entry);
            throw new StreamCapacityException("This node is at its limit of " + maxStreams
                    + " concurrent streams (VOICE_MAX_CONCURRENT_STREAMS); stop a stream or use another node");
        }
        boolean started = false;
        AudioInput audio = null;
        RoomStream stream = null;
        try {
            plan.probe(urls);
            slotProbes.forEach(SlotRequests.Probe::run);
            audio = audioInputs.open(room);
            entry.urls.addAll(StreamEntry.present(cmd.urls()));
            entry.urls.addAll(SlotRequests.urlsOf(layout));
            stream = new RoomStream(room, env, audio, redaction.forUrls(entry.urls), this::onFatal);
            String bitrate = blankToNull(cmd.audioBitrate()) == null ? env.processes().encoder().audioBitrate() : cmd.audioBitrate();
            entry.config = cmd;
            entry.stream = stream;
            stream.start(plan.outputs(), bitrate, chosen, slotInputs);
            started = true;
            return withAudio(stream.status());
        } finally {
            if (!started) {
                if (stream != null) {
                    stream.stop(); // whatever of it started (a publisher, a decoder) ends with it, its audio too
                } else if (audio != null) {
                    audio.close();
                }
                streams.remove(room.id(), entry);
                slots.release();
            }
        }
    }

    /**
     * Adds a destination to a running broadcast: validated as on start, then its publisher starts
     * and gets the stream from the next keyframe. The encoder and the other destinations are untouched.
     */
    public StreamStatus addDestination(UUID roomId, String destinationId, String url) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        StreamEntry entry = runningEntry(roomId);
        updates.addDestination(roomId, entry, destinationId, url);
        return withAudio(entry.stream.status());
    }

    /** Ends one destination's publish session; the encoder and the other destinations are untouched. */
    public StreamStatus removeDestination(UUID roomId, String destinationId) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        StreamEntry entry = runningEntry(roomId);
        entry.stream.removeDestination(destinationId);
        return withAudio(entry.stream.status());
    }

    public StreamStatus update(UpdateCommand cmd) {
        return update(cmd, null);
    }

    /**
     * An update that may also switch the layout ({@code layout} null or empty: it stays): the
     * request's own sources change slot 0 first, then the layout switches.
     */
    public StreamStatus update(UpdateCommand cmd, LayoutCommand layout) {
        ensureEnabled();
        rooms.find(cmd.roomId()).orElseThrow(() -> new RoomNotFoundException(cmd.roomId()));
        StreamEntry entry = runningEntry(cmd.roomId());
        if (layout != null && !layout.isEmpty()) {
            boolean ownSources = !cmd.backgroundVideoUrl().isKeep() || !cmd.fallbackStreamUrl().isKeep() || !cmd.fallbackImageUrl().isKeep();
            SlotRequests.checkSlotZeroOnce(ownSources, layout.slots());
            if (!cmd.isEmpty()) {
                update(cmd, null);
            }
            return switchLayout(cmd.roomId(), layout);
        }
        updates.apply(cmd, entry);
        return withAudio(entry.stream.status());
    }

    /**
     * Switches a running broadcast's layout and its slots' sources at once: validated as on start
     * (each new URL checked and probed), then the new slots start and the clock cuts over on their
     * first frames; the encoder and its publish sessions are untouched.
     */
    public StreamStatus switchLayout(UUID roomId, LayoutCommand cmd) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        StreamEntry entry = runningEntry(roomId);
        Layout next = cmd.layoutOr(entry.stream.layout());
        List<SlotRequests.Probe> probes = new ArrayList<>();
        List<SlotInputs> slots = slotRequests.resolve(next, cmd.slots(), entry.stream.slotInputs(), probes);
        probes.forEach(SlotRequests.Probe::run);
        entry.urls.addAll(SlotRequests.urlsOf(cmd));
        entry.stream.switchLayout(redaction.forUrls(entry.urls), next, slots);
        return withAudio(entry.stream.status());
    }

    /**
     * Sets or clears a running broadcast's logo and text: a new logo is fetched (under the egress
     * policy) and decoded here, so a logo that cannot be read is refused with the reason and the
     * overlays on air stay as they were; otherwise the change is on air from the next frame.
     */
    public StreamStatus overlay(OverlayCommand cmd) {
        ensureEnabled();
        rooms.find(cmd.roomId()).orElseThrow(() -> new RoomNotFoundException(cmd.roomId()));
        StreamEntry entry = runningEntry(cmd.roomId());
        OverlayRequests.check(cmd);
        entry.stream.overlay(overlays.next(cmd, entry.stream.overlay(), entry));
        return withAudio(entry.stream.status());
    }

    public StreamStatus stop(UUID roomId) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        return stopRunning(roomId, StreamEvents.StopReason.MANUAL).map(this::withAudio)
                .orElseThrow(() -> new StreamNotActiveException("Room " + roomId + " is not streaming"));
    }

    /** A broadcast that cannot go on (the encoder keeps failing, the publish is rejected). */
    private void onFatal(RoomStream stream, String maskedReason) {
        StreamEntry entry = streams.get(stream.room().id());
        if (entry != null && entry.stream == stream) {
            stopRunning(stream.room().id(), StreamEvents.StopReason.ERROR);
        }
    }

    private Optional<StreamStatus> stopRunning(UUID roomId, StreamEvents.StopReason reason) {
        return stopRunning(roomId, reason, reason.name().toLowerCase());
    }

    private Optional<StreamStatus> stopRunning(UUID roomId, StreamEvents.StopReason reason, String logReason) {
        StreamEntry entry = streams.get(roomId);
        if (entry == null || entry.stream == null || !streams.remove(roomId, entry)) {
            return Optional.empty();
        }
        try {
            entry.stream.stop();
            log.info("room {} stream stopped (reason {})", roomId, logReason);
        } finally {
            slots.release();
            env.reporting().events().stopped(roomId, reason);
        }
        return Optional.of(StreamStatus.stopped(roomId));
    }

    public StreamStatus status(UUID roomId) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        StreamEntry entry = streams.get(roomId);
        return withAudio(entry == null || entry.stream == null ? StreamStatus.stopped(roomId) : entry.stream.status());
    }

    /**
     * The broadcast's picture as JPEG, made from the frame its clock writes, at most once a second.
     *
     * @throws PreviewUnavailableException when it has no picture yet (starting or stopping)
     */
    public byte[] preview(UUID roomId) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        StreamEntry entry = runningEntry(roomId);
        try {
            return entry.stream.preview().orElseThrow(() -> new PreviewUnavailableException(
                    "Room " + roomId + " has no picture yet: its broadcast is starting or stopping; ask again in a second"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PreviewUnavailableException("Interrupted while waiting for room " + roomId + "'s picture");
        }
    }

    /** The room's audio as the status shows it (mode, mixed participants with their levels). */
    public StreamAudio audio(UUID roomId) {
        return voices.audio(roomId);
    }

    /**
     * Sets a participant's exclusion and gain in the room's broadcast mix (null keeps a value).
     *
     * @return the stream's status after the change
     */
    public StreamStatus configureMix(UUID roomId, String participantId, Boolean excluded, Double gainDb) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        voices.configureMix(roomId, participantId, excluded, gainDb);
        return status(roomId);
    }

    private StreamStatus withAudio(StreamStatus status) {
        return status.withAudio(voices.audio(status.roomId()));
    }

    @Override
    public boolean isStreaming(UUID roomId) {
        StreamEntry entry = streams.get(roomId);
        return entry != null && entry.stream != null;
    }

    /** Every active stream of this node, optionally only those of one health. */
    public List<StreamStatus> list(StreamHealth health) {
        ensureEnabled();
        List<StreamStatus> all = new ArrayList<>();
        for (StreamEntry e : streams.values()) {
            RoomStream stream = e.stream;
            if (stream == null) {
                continue;
            }
            StreamStatus status = stream.status();
            if (health == null || status.health() == health) {
                all.add(withAudio(status));
            }
        }
        all.sort(Comparator.comparing(s -> s.roomId().toString()));
        return all;
    }

    /** Decoder processes on this node (one per input, whatever the number of rooms that show it). */
    public int decoders() {
        return env.processes().decoders().decoders();
    }

    /** Rooms' sources on those decoders: more than {@link #decoders()} when rooms share a camera. */
    public int decoderSubscriptions() {
        return env.processes().decoders().subscriptions();
    }

    /** This node's VOICE_MAX_CONCURRENT_STREAMS. */
    public int maxStreams() {
        return maxStreams;
    }

    /** @throws StreamingDisabledException when streaming is disabled on this node */
    public void requireEnabled() {
        ensureEnabled();
    }

    public int activeCount() {
        return maxStreams - slots.availablePermits();
    }

    /** The room's audio counters while it broadcasts (for its metrics), else empty. */
    public Optional<RtpTotals> audioTotals(UUID roomId) {
        StreamEntry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? Optional.empty() : Optional.of(entry.stream.audioTotals());
    }

    /** How long a broadcasting room's audio has been silent, in seconds; empty when it is not broadcasting. */
    public OptionalDouble audioSilentSeconds(UUID roomId) {
        StreamEntry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? OptionalDouble.empty()
                : OptionalDouble.of(entry.stream.audioSilentNanos() / 1e9);
    }

    /** The ids of the rooms broadcasting on this node now. */
    public List<UUID> activeRoomIds() {
        return streams.entrySet().stream().filter(e -> e.getValue().stream != null).map(Map.Entry::getKey).sorted().toList();
    }

    /** The encoder pid of a room's stream, or -1 (for operations and tests). */
    public long encoderPid(UUID roomId) {
        StreamEntry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? -1 : entry.stream.encoderPid();
    }

    /** Each destination's publisher pid of a room's stream (-1 between two runs), by destination id; empty if not streaming. */
    public Map<String, Long> publisherPids(UUID roomId) {
        StreamEntry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? Map.of() : entry.stream.publisherPids();
    }

    @Override
    public void roomClosing(UUID roomId) {
        stopRunning(roomId, StreamEvents.StopReason.ROOM_CLOSED);
    }

    /** From now on every start is refused ({@link NodeDrainingException}); the running broadcasts go on. */
    public void drain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Graceful shutdown: every room's processes end. */
    public void stopAll() {
        for (UUID roomId : List.copyOf(streams.keySet())) {
            // The client event's reasons are manual | error | room_closed: a node shutting down is manual.
            stopRunning(roomId, StreamEvents.StopReason.MANUAL, "shutdown");
        }
    }

    private void ensureEnabled() {
        if (!enabled) {
            throw new StreamingDisabledException("Streaming is disabled on this node (VOICE_STREAMING_ENABLED=false)");
        }
    }

    private StreamEntry runningEntry(UUID roomId) {
        StreamEntry entry = streams.get(roomId);
        if (entry == null || entry.stream == null) {
            throw new StreamNotActiveException("Room " + roomId + " is not streaming");
        }
        return entry;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
