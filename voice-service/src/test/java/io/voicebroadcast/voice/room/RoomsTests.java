package io.voicebroadcast.voice.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order of a room's steps across the participant and streaming sides, with fakes for both. */
class RoomsTests {

    private static final RoomRequest SCALED = new RoomRequest(RoomTier.SCALED, "Race 7", RoomAudioFormat.DEFAULT, null, null);

    /** What the directory and each side were told, in order. */
    private final List<String> steps = new ArrayList<>();
    private final RecordingDirectory directory = new RecordingDirectory();
    private final FakeAudio audio = new FakeAudio();
    private final FakeBroadcast broadcast = new FakeBroadcast();
    private final Rooms rooms = new Rooms(directory, audio, broadcast);

    @Test
    void create_refusedByTheAudioSide_leavesNoRoomAndRegistersNothing() {
        audio.refuse = new InvalidRoomException("audioMode rtpengine needs VOICE_RTPENGINE_NG_URL on this node");

        assertThatThrownBy(() -> rooms.create(new RoomRequest(RoomTier.SCALED, null, RoomAudioFormat.DEFAULT, AudioMode.RTPENGINE, null)))
                .isSameAs(audio.refuse);

        assertThat(steps).as("nothing is created after the refusal").containsExactly("checkMode RTPENGINE");
        assertThat(audio.routes).isEmpty();
    }

    @Test
    void create_checksTheModeFirst_thenCreatesTheRoom_thenRecordsItsRouting() {
        RoomDetails created = rooms.create(new RoomRequest(RoomTier.SCALED, "Race 7", RoomAudioFormat.DEFAULT, AudioMode.RTPENGINE, "kamailio-1"));

        UUID id = created.room().id();
        assertThat(steps).containsExactly("checkMode RTPENGINE", "create", "register " + id);
        assertThat(created.room().tier()).isEqualTo(RoomTier.SCALED);
        assertThat(created.room().displayName()).isEqualTo("Race 7");
        assertThat(created.routing()).isEqualTo(new RoomAudioRouting(AudioMode.RTPENGINE, "kamailio-1", true));
        assertThat(created.streaming()).isFalse();
        assertThat(directory.find(id)).contains(created.room());
    }

    @Test
    void get_showsTheRoutingAndWhetherTheRoomBroadcasts() {
        UUID id = rooms.create(SCALED).room().id();
        broadcast.streaming.add(id);

        RoomDetails details = rooms.get(id);

        assertThat(details.routing()).isEqualTo(new RoomAudioRouting(AudioMode.DIRECT, null, false));
        assertThat(details.streaming()).isTrue();
    }

    @Test
    void delete_stopsTheBroadcastFirst_thenForgetsTheParticipants_thenDeletesTheRoom() {
        UUID id = rooms.create(SCALED).room().id();
        broadcast.streaming.add(id);
        steps.clear();

        rooms.delete(id);

        assertThat(steps).containsExactly("roomClosing " + id, "forget " + id, "delete " + id);
        assertThat(broadcast.streaming).isEmpty();
        assertThat(audio.routes).isEmpty();
        assertThat(directory.find(id)).isEmpty();
    }

    @Test
    void unknownRoom_isNotFound_andNoSideIsTold() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> rooms.delete(unknown)).isInstanceOf(RoomNotFoundException.class).hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> rooms.get(unknown)).isInstanceOf(RoomNotFoundException.class);
        assertThat(steps).isEmpty();
    }

    private final class RecordingDirectory implements RoomDirectory {
        private final InMemoryRoomDirectory rooms = new InMemoryRoomDirectory(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

        @Override
        public Room create(RoomTier tier, String displayName, RoomAudioFormat format) {
            steps.add("create");
            return rooms.create(tier, displayName, format);
        }

        @Override
        public Optional<Room> find(UUID id) {
            return rooms.find(id);
        }

        @Override
        public boolean delete(UUID id) {
            steps.add("delete " + id);
            return rooms.delete(id);
        }
    }

    private final class FakeAudio implements RoomAudio {
        final Map<UUID, RoomAudioRouting> routes = new HashMap<>();
        InvalidRoomException refuse;

        @Override
        public void checkMode(AudioMode mode, String callId) {
            steps.add("checkMode " + (mode == null ? AudioMode.DIRECT : mode));
            if (refuse != null) {
                throw refuse;
            }
        }

        @Override
        public RoomAudioRouting register(UUID roomId, AudioMode mode, String callId) {
            steps.add("register " + roomId);
            RoomAudioRouting r = mode == AudioMode.RTPENGINE
                    ? new RoomAudioRouting(AudioMode.RTPENGINE, callId == null ? roomId.toString() : callId, callId != null)
                    : new RoomAudioRouting(AudioMode.DIRECT, null, false);
            routes.put(roomId, r);
            return r;
        }

        @Override
        public RoomAudioRouting routing(UUID roomId) {
            return routes.get(roomId);
        }

        @Override
        public void forget(UUID roomId) {
            steps.add("forget " + roomId);
            routes.remove(roomId);
        }
    }

    private final class FakeBroadcast implements RoomBroadcast {
        final Set<UUID> streaming = new HashSet<>();

        @Override
        public boolean isStreaming(UUID roomId) {
            return streaming.contains(roomId);
        }

        @Override
        public void roomClosing(UUID roomId) {
            steps.add("roomClosing " + roomId);
            streaming.remove(roomId);
        }
    }
}
