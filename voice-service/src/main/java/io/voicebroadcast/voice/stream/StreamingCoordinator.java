package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.RtpTotals;
import io.voicebroadcast.voice.pipeline.ImageLoader;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.SourceUnavailableException;
import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.OverlayPainter;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomBroadcast;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.room.RoomNotFoundException;
import io.voicebroadcast.voice.room.RoomTier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
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
    private final Semaphore slots;
    private final Map<UUID, Entry> streams = new ConcurrentHashMap<>();
    /** Once set (a drain, or the node shutting down), every start is refused; running broadcasts go on. */
    private volatile boolean draining;

    /** A room's slot: reserved while the start validates, then holding the running stream. */
    private static final class Entry {
        volatile RoomStream stream;
        volatile StartCommand config;
        /** Every URL the broadcast was ever given: a stopping process may still print an old secret. */
        final List<String> urls = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

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
    }

    public StreamStatus start(StartCommand cmd) {
        return start(cmd, null);
    }

    /** A start in a layout ({@code layout} null: the single layout of the request's own sources). */
    public StreamStatus start(StartCommand cmd, LayoutCommand layout) {
        ensureEnabled();
        Room room = rooms.find(cmd.roomId()).orElseThrow(() -> new RoomNotFoundException(cmd.roomId()));
        if (room.tier() != RoomTier.SCALED) {
            throw new InvalidStreamRequestException("Room " + room.id() + " is P2P: only scaled rooms have a central audio mix to stream");
        }
        if (cmd.audioCodec() != null && !cmd.audioCodec().equalsIgnoreCase("aac")) {
            throw new InvalidStreamRequestException("audioCodec: only aac can go to RTMP (FLV)");
        }
        if (draining) {
            throw new NodeDrainingException("This node is draining: it takes no new broadcast; start it on another node");
        }
        StartPlan plan = StartPlan.of(cmd, urls, env.destinations().maxDestinations());
        Layout chosen = layout == null ? Layout.SINGLE : layout.layoutOr(Layout.SINGLE);
        List<SlotInputs> slotInputs;
        List<Probe> slotProbes = new ArrayList<>();
        if (layout != null && !layout.slots().isEmpty()) {
            if (plan.background() != null || plan.fallbackStream() != null || plan.image() != null) {
                throw new InvalidStreamRequestException("slots: give slot 0's sources either in slots[0] or in the request's own "
                        + "backgroundVideoUrl, fallbackStreamUrl and fallbackImageUrl, not both");
            }
            slotInputs = resolveSlots(chosen, layout.slots(), List.of(), slotProbes);
        } else {
            slotInputs = List.of(new SlotInputs(plan.background(), plan.fallbackStream(), plan.image()));
        }

        Entry entry = new Entry();
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
            slotProbes.forEach(Probe::run);
            audio = audioInputs.open(room);
            entry.urls.addAll(present(cmd.urls()));
            entry.urls.addAll(slotUrls(layout));
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
        Entry entry = runningEntry(roomId);
        StartPlan.checkDestinationId(destinationId);
        OutputTarget target = urls.output("url", url);
        entry.stream.checkRoomFor(destinationId, target);
        urls.probeOutput("url", target);
        entry.urls.add(url);
        String id = entry.stream.addDestination(redaction.forUrls(entry.urls), destinationId, target);
        entry.config = entry.config.withDestination(new StartCommand.DestinationRequest(id, url));
        log.info("room {} destination {} added: {}", roomId, id, target.masked());
        return withAudio(entry.stream.status());
    }

    /** Ends one destination's publish session; the encoder and the other destinations are untouched. */
    public StreamStatus removeDestination(UUID roomId, String destinationId) {
        ensureEnabled();
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        Entry entry = runningEntry(roomId);
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
        Entry entry = runningEntry(cmd.roomId());
        if (layout != null && !layout.isEmpty()) {
            boolean ownSources = !cmd.backgroundVideoUrl().isKeep() || !cmd.fallbackStreamUrl().isKeep() || !cmd.fallbackImageUrl().isKeep();
            if (ownSources && !layout.slots().isEmpty()) {
                throw new InvalidStreamRequestException("slots: give slot 0's sources either in slots[0] or in the request's own "
                        + "backgroundVideoUrl, fallbackStreamUrl and fallbackImageUrl, not both");
            }
            if (!cmd.isEmpty()) {
                update(cmd, null);
            }
            return switchLayout(cmd.roomId(), layout);
        }
        if (cmd.isEmpty()) {
            throw new InvalidStreamRequestException("Nothing to update: give rtmpOutputUrl, backgroundVideoUrl, fallbackStreamUrl or fallbackImageUrl");
        }
        if (cmd.rtmpOutputUrl() instanceof Change.Clear) {
            throw new InvalidStreamRequestException("rtmpOutputUrl: the destination can be replaced, not removed");
        }
        Change<OutputTarget> output = cmd.rtmpOutputUrl().map(u -> urls.output("rtmpOutputUrl", u));
        Change<MediaInput> background = cmd.backgroundVideoUrl().map(u -> urls.background("backgroundVideoUrl", u));
        Change<MediaInput> fallbackStream = cmd.fallbackStreamUrl().map(u -> urls.fallbackStream("fallbackStreamUrl", u));
        Change<MediaInput> image = cmd.fallbackImageUrl().map(u -> urls.image("fallbackImageUrl", u));
        if (output instanceof Change.Set<OutputTarget> out) {
            entry.stream.checkFirstCanBe(out.value());
            urls.probeOutput("rtmpOutputUrl", out.value());
        }
        if (fallbackStream instanceof Change.Set<MediaInput> backup) {
            urls.probeBackground("fallbackStreamUrl", backup.value());
        }
        StartCommand old = entry.config;
        // The masker keeps the old secrets too: a stopping process may still print them.
        entry.urls.addAll(present(java.util.Arrays.asList(cmd.rtmpOutputUrl().applyTo(null), cmd.backgroundVideoUrl().applyTo(null),
                cmd.fallbackStreamUrl().applyTo(null), cmd.fallbackImageUrl().applyTo(null))));
        UnaryOperator<String> masker = redaction.forUrls(entry.urls);
        StreamSource prewarmed = null;
        if (background instanceof Change.Set<MediaInput> camera) {
            // A new camera's decoder starts while ffprobe checks it, rather than after: a switch
            // then waits for one of them, not both in turn. It goes on air only once the check passed.
            prewarmed = camera.value().live() ? entry.stream.prewarmBackground(masker, camera.value()) : null;
            try {
                urls.probeBackground("backgroundVideoUrl", camera.value());
            } catch (RuntimeException e) {
                if (prewarmed != null) {
                    prewarmed.close();
                }
                throw e;
            }
        }
        StartCommand merged = new StartCommand(old.roomId(), cmd.rtmpOutputUrl().applyTo(old.rtmpOutputUrl()), old.destinations(),
                cmd.backgroundVideoUrl().applyTo(old.backgroundVideoUrl()), cmd.fallbackStreamUrl().applyTo(old.fallbackStreamUrl()),
                cmd.fallbackImageUrl().applyTo(old.fallbackImageUrl()), old.audioCodec(), old.audioBitrate());
        entry.stream.update(masker, new UpdatePlan(output, background, fallbackStream, image), prewarmed);
        entry.config = merged;
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
        Entry entry = runningEntry(roomId);
        Layout next = cmd.layoutOr(entry.stream.layout());
        List<Probe> probes = new ArrayList<>();
        List<SlotInputs> slots = resolveSlots(next, cmd.slots(), entry.stream.slotInputs(), probes);
        probes.forEach(Probe::run);
        entry.urls.addAll(slotUrls(cmd));
        entry.stream.switchLayout(redaction.forUrls(entry.urls), next, slots);
        return withAudio(entry.stream.status());
    }

    /** A check that reaches the network (ffprobe of a camera), run after every cheap check passed. */
    private interface Probe {
        void run();
    }

    /**
     * Each slot of {@code layout} validated: what {@code given} asks of it (a slot or field not given
     * keeps {@code current}'s, "" clears). Streams that are set are added to {@code probes}.
     */
    private List<SlotInputs> resolveSlots(Layout layout, List<SlotCommand> given, List<SlotInputs> current, List<Probe> probes) {
        if (given.size() > layout.slotCount()) {
            throw new InvalidStreamRequestException("slots: the " + layout.kind().apiName() + " layout has " + layout.slotCount()
                    + (layout.slotCount() == 1 ? " slot" : " slots") + ", " + given.size() + " given");
        }
        List<SlotInputs> slots = new ArrayList<>();
        for (int i = 0; i < layout.slotCount(); i++) {
            SlotCommand c = i < given.size() && given.get(i) != null ? given.get(i) : SlotCommand.KEEP;
            SlotInputs now = i < current.size() ? current.get(i) : SlotInputs.NONE;
            String at = "slots[" + i + "].";
            Change<MediaInput> background = c.backgroundVideoUrl().map(u -> urls.background(at + "backgroundVideoUrl", u));
            Change<MediaInput> backup = c.fallbackStreamUrl().map(u -> urls.fallbackStream(at + "fallbackStreamUrl", u));
            Change<MediaInput> image = c.fallbackImageUrl().map(u -> urls.image(at + "fallbackImageUrl", u));
            if (background instanceof Change.Set<MediaInput> b) {
                probes.add(() -> urls.probeBackground(at + "backgroundVideoUrl", b.value()));
            }
            if (backup instanceof Change.Set<MediaInput> b) {
                probes.add(() -> urls.probeBackground(at + "fallbackStreamUrl", b.value()));
            }
            slots.add(new SlotInputs(background.applyTo(now.background()), backup.applyTo(now.fallbackStream()),
                    image.applyTo(now.image())));
        }
        return slots;
    }

    /** Every URL a layout request names (for the masker). */
    private static List<String> slotUrls(LayoutCommand cmd) {
        if (cmd == null) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        for (SlotCommand c : cmd.slots()) {
            if (c != null) {
                all.add(c.backgroundVideoUrl().applyTo(null));
                all.add(c.fallbackStreamUrl().applyTo(null));
                all.add(c.fallbackImageUrl().applyTo(null));
            }
        }
        return present(all);
    }

    /**
     * Sets or clears a running broadcast's logo and text: a new logo is fetched (under the egress
     * policy) and decoded here, so a logo that cannot be read is refused with the reason and the
     * overlays on air stay as they were; otherwise the change is on air from the next frame.
     */
    public StreamStatus overlay(OverlayCommand cmd) {
        ensureEnabled();
        rooms.find(cmd.roomId()).orElseThrow(() -> new RoomNotFoundException(cmd.roomId()));
        Entry entry = runningEntry(cmd.roomId());
        if (cmd.logoUrl().isKeep() && cmd.text().isKeep() && cmd.logoCorner() == null && cmd.logoWidthPercent() == null
                && cmd.textStyle() == null) {
            throw new InvalidStreamRequestException("Nothing to change: give logoUrl, logoCorner, logoWidthPercent, text or textStyle");
        }
        if (cmd.logoWidthPercent() != null && (cmd.logoWidthPercent() < 1 || cmd.logoWidthPercent() > 50)) {
            throw new InvalidStreamRequestException("logoWidthPercent: 1..50, got " + cmd.logoWidthPercent());
        }
        RoomOverlay now = entry.stream.overlay();
        RoomOverlay.Logo logo = now.logo();
        Corner corner = cmd.logoCorner() != null ? cmd.logoCorner() : logo != null ? logo.corner() : OverlayCommand.DEFAULT_CORNER;
        int width = cmd.logoWidthPercent() != null ? cmd.logoWidthPercent()
                : logo != null ? logo.widthPercent() : OverlayCommand.DEFAULT_WIDTH_PERCENT;
        if (cmd.logoUrl() instanceof Change.Set<String> set) {
            MediaInput input = urls.image("logoUrl", set.value());
            entry.urls.add(set.value());
            try {
                logo = new RoomOverlay.Logo(ImageLoader.loadPicture(env.processes().decoder().ffmpegPath(), input,
                        env.processes().imageLoadTimeout(), redaction.forUrls(entry.urls)), input.masked(), corner, width);
            } catch (SourceUnavailableException e) {
                throw new InvalidStreamRequestException("logoUrl: " + e.getMessage());
            }
        } else if (cmd.logoUrl() instanceof Change.Clear) {
            logo = null;
        } else if (logo != null) {
            logo = new RoomOverlay.Logo(logo.image(), logo.maskedSource(), corner, width);
        }
        OverlayPainter.Text text = now.text();
        TextStyle style = cmd.textStyle() != null ? cmd.textStyle() : text != null ? text.style() : TextStyle.LOWER_THIRD;
        if (cmd.text() instanceof Change.Set<String> set) {
            text = set.value().isBlank() ? null : new OverlayPainter.Text(set.value().strip(), style);
        } else if (cmd.text() instanceof Change.Clear) {
            text = null;
        } else if (text != null) {
            text = new OverlayPainter.Text(text.text(), style);
        }
        entry.stream.overlay(new RoomOverlay(logo, text));
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
        Entry entry = streams.get(stream.room().id());
        if (entry != null && entry.stream == stream) {
            stopRunning(stream.room().id(), StreamEvents.StopReason.ERROR);
        }
    }

    private Optional<StreamStatus> stopRunning(UUID roomId, StreamEvents.StopReason reason) {
        return stopRunning(roomId, reason, reason.name().toLowerCase());
    }

    private Optional<StreamStatus> stopRunning(UUID roomId, StreamEvents.StopReason reason, String logReason) {
        Entry entry = streams.get(roomId);
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
        Entry entry = streams.get(roomId);
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
        Entry entry = runningEntry(roomId);
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
        Entry entry = streams.get(roomId);
        return entry != null && entry.stream != null;
    }

    /** Every active stream of this node, optionally only those of one health. */
    public List<StreamStatus> list(StreamHealth health) {
        ensureEnabled();
        List<StreamStatus> all = new ArrayList<>();
        for (Entry e : streams.values()) {
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
        Entry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? Optional.empty() : Optional.of(entry.stream.audioTotals());
    }

    /** How long a broadcasting room's audio has been silent, in seconds; empty when it is not broadcasting. */
    public OptionalDouble audioSilentSeconds(UUID roomId) {
        Entry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? OptionalDouble.empty()
                : OptionalDouble.of(entry.stream.audioSilentNanos() / 1e9);
    }

    /** The ids of the rooms broadcasting on this node now. */
    public List<UUID> activeRoomIds() {
        return streams.entrySet().stream().filter(e -> e.getValue().stream != null).map(Map.Entry::getKey).sorted().toList();
    }

    /** The encoder pid of a room's stream, or -1 (for operations and tests). */
    public long encoderPid(UUID roomId) {
        Entry entry = streams.get(roomId);
        return entry == null || entry.stream == null ? -1 : entry.stream.encoderPid();
    }

    /** Each destination's publisher pid of a room's stream (-1 between two runs), by destination id; empty if not streaming. */
    public Map<String, Long> publisherPids(UUID roomId) {
        Entry entry = streams.get(roomId);
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

    private Entry runningEntry(UUID roomId) {
        Entry entry = streams.get(roomId);
        if (entry == null || entry.stream == null) {
            throw new StreamNotActiveException("Room " + roomId + " is not streaming");
        }
        return entry;
    }

    private static List<String> present(List<String> urls) {
        return urls.stream().filter(u -> u != null && !u.isBlank()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
