package io.voicebroadcast.gamesession.testing;

import io.voicebroadcast.gamesession.voice.StreamChange;
import io.voicebroadcast.gamesession.voice.StreamDestination;
import io.voicebroadcast.gamesession.voice.VoiceCallException;
import io.voicebroadcast.gamesession.voice.VoiceClient;
import io.voicebroadcast.gamesession.voice.VoiceDestinationState;
import io.voicebroadcast.gamesession.voice.VoiceFailure;
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import io.voicebroadcast.gamesession.voice.VoiceStreamSpec;
import io.voicebroadcast.gamesession.voice.VoiceStreamState;
import io.voicebroadcast.security.StreamKeyMasker;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The voice service in memory: rooms, their streams (as specs, their destinations in the voice
 * service's order), and every call made, so that tests can say "exactly these calls". Failures
 * can be queued per call or the whole service taken down; a latch can hold calls to see what
 * happens meanwhile. Destinations follow the voice API's rules: an update's rtmpOutputUrl
 * replaces the first one (keeping its id), an added one comes last, no id or URL twice, the last
 * one cannot be removed.
 */
public final class FakeVoiceClient implements VoiceClient {

    /**
     * One call as the voice service saw it.
     *
     * @param destination the destination added, or (with a null URL) removed
     */
    public record Call(VoiceOperation operation, UUID roomId, VoiceStreamSpec spec, StreamChange change, StreamDestination destination) {

        Call(VoiceOperation operation, UUID roomId, VoiceStreamSpec spec, StreamChange change) {
            this(operation, roomId, spec, change, null);
        }
    }

    private final Map<UUID, VoiceStreamSpec> streams = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> rooms = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<VoiceOperation, Deque<Supplier<RuntimeException>>> failures = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile CountDownLatch hold;
    private volatile CountDownLatch holding = new CountDownLatch(1);

    // ---- scripting --------------------------------------------------------------------------

    /** The next call of this operation fails like this (failures queue up per operation). */
    public synchronized FakeVoiceClient failNext(VoiceOperation op, Supplier<RuntimeException> failure) {
        failures.computeIfAbsent(op, o -> new ArrayDeque<>()).add(failure);
        return this;
    }

    public FakeVoiceClient failNext(VoiceOperation op, int status, String problemType) {
        return failNext(op, () -> new VoiceCallException(op, status >= 500 ? VoiceFailure.SERVER_ERROR : VoiceFailure.REJECTED,
                status, problemType, "voice " + op + ": HTTP " + status + " " + problemType));
    }

    /** While down, every call fails as if nothing listened. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** Calls block until {@link #release()}; {@link #awaitHeld} waits for the first to arrive. */
    public void holdCalls() {
        holding = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    public boolean awaitHeld(long seconds) throws InterruptedException {
        return holding.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Back to a healthy voice service with no scripted failures and no calls recorded. */
    public synchronized void reset() {
        down = false;
        release();
        failures.clear();
        calls.clear();
    }

    /** The calls made for one room. */
    public synchronized List<VoiceOperation> operations(UUID roomId) {
        return calls.stream().filter(c -> roomId.equals(c.roomId())).map(Call::operation).toList();
    }

    /** The voice service forgets a stream (e.g. it restarted). */
    public void forgetStream(UUID roomId) {
        streams.remove(roomId);
    }

    // ---- inspection -------------------------------------------------------------------------

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<VoiceOperation> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    public VoiceStreamSpec stream(UUID roomId) {
        return streams.get(roomId);
    }

    public boolean roomExists(UUID roomId) {
        return rooms.containsKey(roomId);
    }

    public synchronized Call lastCall() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    // ---- the voice service ------------------------------------------------------------------

    @Override
    public UUID createScaledRoom(String displayName) {
        enter(new Call(VoiceOperation.CREATE_ROOM, null, null, null));
        UUID id = UUID.randomUUID();
        rooms.put(id, true);
        return id;
    }

    @Override
    public void deleteRoom(UUID roomId) {
        enter(new Call(VoiceOperation.DELETE_ROOM, roomId, null, null));
        rooms.remove(roomId);
        streams.remove(roomId);
    }

    @Override
    public VoiceStreamState startStream(UUID roomId, VoiceStreamSpec spec) {
        enter(new Call(VoiceOperation.START, roomId, spec, null));
        if (!rooms.containsKey(roomId)) {
            throw rejected(VoiceOperation.START, 404, "room-not-found");
        }
        if (streams.containsKey(roomId)) {
            throw rejected(VoiceOperation.START, 409, "already-streaming");
        }
        streams.put(roomId, spec);
        return state(roomId);
    }

    @Override
    public VoiceStreamState updateStream(UUID roomId, StreamChange change) {
        enter(new Call(VoiceOperation.UPDATE, roomId, null, change));
        VoiceStreamSpec s = streams.get(roomId);
        if (s == null) {
            throw rejected(VoiceOperation.UPDATE, 404, "not-streaming");
        }
        List<StreamDestination> destinations = new ArrayList<>(s.destinations());
        if (change.rtmpOutputUrl() != null) {
            if (destinations.stream().skip(1).anyMatch(d -> change.rtmpOutputUrl().equals(d.url()))) {
                throw rejected(VoiceOperation.UPDATE, 409, "destination-conflict");
            }
            destinations.set(0, new StreamDestination(destinations.get(0).id(), change.rtmpOutputUrl()));
        }
        streams.put(roomId, new VoiceStreamSpec(destinations,
                apply(s.backgroundVideoUrl(), change.backgroundVideoUrl()),
                apply(s.fallbackStreamUrl(), change.fallbackStreamUrl()),
                apply(s.fallbackImageUrl(), change.fallbackImageUrl()), s.layout(), s.slotBackgrounds()));
        return state(roomId);
    }

    @Override
    public VoiceStreamState switchLayout(UUID roomId, VoiceStreamSpec spec) {
        enter(new Call(VoiceOperation.LAYOUT, roomId, spec, null));
        VoiceStreamSpec s = streams.get(roomId);
        if (s == null) {
            throw rejected(VoiceOperation.LAYOUT, 404, "not-streaming");
        }
        streams.put(roomId, s.withLayoutOf(spec));
        return state(roomId);
    }

    @Override
    public VoiceStreamState addDestination(UUID roomId, StreamDestination destination) {
        enter(new Call(VoiceOperation.ADD_DESTINATION, roomId, null, null, destination));
        VoiceStreamSpec s = streams.get(roomId);
        if (s == null) {
            throw rejected(VoiceOperation.ADD_DESTINATION, 404, "not-streaming");
        }
        if (s.destinations().stream().anyMatch(d -> d.id().equals(destination.id()) || d.url().equals(destination.url()))) {
            throw rejected(VoiceOperation.ADD_DESTINATION, 409, "destination-conflict");
        }
        List<StreamDestination> destinations = new ArrayList<>(s.destinations());
        destinations.add(destination);
        streams.put(roomId, s.withDestinations(destinations));
        return state(roomId);
    }

    @Override
    public VoiceStreamState removeDestination(UUID roomId, String destinationId) {
        enter(new Call(VoiceOperation.REMOVE_DESTINATION, roomId, null, null, new StreamDestination(destinationId, null)));
        VoiceStreamSpec s = streams.get(roomId);
        if (s == null) {
            throw rejected(VoiceOperation.REMOVE_DESTINATION, 404, "not-streaming");
        }
        if (s.destinations().stream().noneMatch(d -> d.id().equals(destinationId))) {
            throw rejected(VoiceOperation.REMOVE_DESTINATION, 404, "destination-not-found");
        }
        if (s.destinations().size() == 1) {
            throw rejected(VoiceOperation.REMOVE_DESTINATION, 409, "destination-conflict");
        }
        streams.put(roomId, s.withDestinations(s.destinations().stream().filter(d -> !d.id().equals(destinationId)).toList()));
        return state(roomId);
    }

    private static String apply(String current, String change) {
        return change == null ? current : change.isEmpty() ? null : change;
    }

    @Override
    public VoiceStreamState stopStream(UUID roomId) {
        enter(new Call(VoiceOperation.STOP, roomId, null, null));
        if (streams.remove(roomId) == null) {
            throw rejected(VoiceOperation.STOP, 404, "not-streaming");
        }
        return new VoiceStreamState(roomId, false, "stopped", null, null, null, null, null, List.of());
    }

    @Override
    public VoiceStreamState streamStatus(UUID roomId) {
        if (down) {
            throw unreachable(VoiceOperation.STATUS);
        }
        return streams.containsKey(roomId) ? state(roomId)
                : new VoiceStreamState(roomId, false, "stopped", null, null, null, null, null, List.of());
    }

    private VoiceStreamState state(UUID roomId) {
        VoiceStreamSpec s = streams.get(roomId);
        String type = s.backgroundVideoUrl() != null ? "primary_stream" : s.fallbackImageUrl() != null ? "fallback_image" : "black";
        List<VoiceDestinationState> destinations = s.destinations().stream().map(d -> new VoiceDestinationState(d.id(),
                StreamKeyMasker.maskStrictly(d.url()), "live", Instant.EPOCH, 0L, null, 0, 0L, null, null)).toList();
        return new VoiceStreamState(roomId, true, "healthy", type, "masked", null, null, 0, destinations);
    }

    private void enter(Call call) {
        Supplier<RuntimeException> failure;
        synchronized (this) {
            calls.add(call);
            Deque<Supplier<RuntimeException>> queued = failures.get(call.operation());
            failure = queued == null ? null : queued.poll();
        }
        CountDownLatch h = hold;
        if (h != null) {
            holding.countDown();
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            throw unreachable(call.operation());
        }
        if (failure != null) {
            throw failure.get();
        }
    }

    public static VoiceCallException unreachable(VoiceOperation op) {
        return new VoiceCallException(op, VoiceFailure.UNREACHABLE, null, null, "voice " + op + ": no answer (connection refused)");
    }

    private static VoiceCallException rejected(VoiceOperation op, int status, String type) {
        return new VoiceCallException(op, VoiceFailure.REJECTED, status, type, "voice " + op + ": HTTP " + status + " " + type);
    }
}
