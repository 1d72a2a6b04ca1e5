package io.voicebroadcast.voice.participant;

import io.voicebroadcast.voice.audio.MixerSourceStatus;
import io.voicebroadcast.voice.room.AudioMode;
import io.voicebroadcast.voice.room.InvalidRoomException;
import io.voicebroadcast.voice.room.RoomAudio;
import io.voicebroadcast.voice.room.RoomAudioRouting;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.room.RoomNotFoundException;
import io.voicebroadcast.voice.rtpengine.NgClient;
import io.voicebroadcast.voice.rtpengine.SdpOfferCheck;
import io.voicebroadcast.voice.stream.RoomVoices;
import io.voicebroadcast.voice.stream.StreamAudio;
import io.voicebroadcast.voice.stream.StreamNotActiveException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms' audio modes and the participants that publish into a room's RTPEngine call through this
 * service. A broadcasting room's {@link RtpEngineAudioInput} is told at once when someone joins or
 * leaves, so it subscribes without waiting for its next query.
 */
public final class RoomParticipants implements RoomAudio, RoomVoices {

    private final RoomDirectory rooms;
    private final Optional<NgClient> ng;
    private final SdpOfferCheck offerCheck;
    private final AudioMode defaultMode;
    private final Map<UUID, RoomAudioRouting> routing = new ConcurrentHashMap<>();
    private final Map<UUID, Set<String>> joined = new ConcurrentHashMap<>();
    private final Map<UUID, RtpEngineAudioInput> inputs = new ConcurrentHashMap<>();

    /** @param ng empty when no RTPEngine is configured: rooms in mode rtpengine are refused then */
    public RoomParticipants(RoomDirectory rooms, Optional<NgClient> ng, SdpOfferCheck offerCheck, AudioMode defaultMode) {
        this.rooms = rooms;
        this.ng = ng;
        this.offerCheck = offerCheck;
        this.defaultMode = defaultMode;
    }

    @Override
    public RoomAudioRouting register(UUID roomId, AudioMode mode, String callId) {
        checkMode(mode, callId);
        AudioMode m = mode == null ? defaultMode : mode;
        RoomAudioRouting r = m == AudioMode.DIRECT ? new RoomAudioRouting(AudioMode.DIRECT, null, false)
                : new RoomAudioRouting(AudioMode.RTPENGINE, callId == null ? roomId.toString() : callId, callId != null);
        routing.put(roomId, r);
        return r;
    }

    @Override
    public void checkMode(AudioMode mode, String callId) {
        AudioMode m = mode == null ? defaultMode : mode;
        if (m != AudioMode.RTPENGINE && callId != null) {
            throw new InvalidRoomException("rtpengineCallId is only for audioMode rtpengine");
        }
        if (m == AudioMode.RTPENGINE && ng.isEmpty()) {
            throw new InvalidRoomException("audioMode rtpengine needs VOICE_RTPENGINE_NG_URL on this node");
        }
    }

    @Override
    public RoomAudioRouting routing(UUID roomId) {
        return routing.computeIfAbsent(roomId, id -> defaultMode == AudioMode.RTPENGINE && ng.isPresent()
                ? new RoomAudioRouting(AudioMode.RTPENGINE, id.toString(), false)
                : new RoomAudioRouting(AudioMode.DIRECT, null, false));
    }

    @Override
    public void forget(UUID roomId) {
        routing.remove(roomId);
        joined.remove(roomId);
    }

    /**
     * Publishes a participant's offer into the room's call.
     *
     * @return RTPEngine's answer
     */
    public String join(UUID roomId, String participantId, String sdpOffer) {
        RoomAudioRouting r = rtpengineRoom(roomId);
        offerCheck.check(sdpOffer);
        NgClient client = ng.orElseThrow();
        Set<String> members = joined.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet());
        if (!members.add(participantId)) {
            // RTPEngine forgets everything when it restarts: a participant it no longer knows may join again.
            if (client.publishes(r.callId(), participantId)) {
                throw new ParticipantAlreadyJoinedException("Participant " + participantId + " has already joined room " + roomId);
            }
        }
        try {
            String answer = client.publish(r.callId(), participantId, sdpOffer);
            withInput(roomId, RtpEngineAudioInput::poke);
            return answer;
        } catch (RuntimeException e) {
            members.remove(participantId);
            throw e;
        }
    }

    /** Removes a participant from the call (ng {@code delete} with its tag); its voice leaves the mix. */
    public void leave(UUID roomId, String participantId) {
        RoomAudioRouting r = rtpengineRoom(roomId);
        Set<String> members = joined.getOrDefault(roomId, Set.of());
        RtpEngineAudioInput input = inputs.get(roomId);
        if (!members.contains(participantId) && (input == null || !input.isMixed(participantId))) {
            throw new ParticipantNotFoundException("Participant " + participantId + " is not in room " + roomId);
        }
        ng.orElseThrow().delete(r.callId(), participantId);
        members.remove(participantId);
        withInput(roomId, RtpEngineAudioInput::poke);
    }

    /** The mode and, in mode rtpengine while the room broadcasts, the voices its input mixes. */
    @Override
    public StreamAudio audio(UUID roomId) {
        RoomAudioRouting r = routing(roomId);
        RtpEngineAudioInput input = r.mode() == AudioMode.RTPENGINE ? inputs.get(roomId) : null;
        List<MixerSourceStatus> mixed = input == null ? List.of() : input.participants();
        return new StreamAudio(r.mode(), mixed);
    }

    /** Exclusion and gain in the broadcast mix only. */
    @Override
    public void configureMix(UUID roomId, String participantId, Boolean excluded, Double gainDb) {
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        RtpEngineAudioInput input = inputs.get(roomId);
        if (input == null) {
            throw new StreamNotActiveException("Room " + roomId + " is not streaming in audio mode rtpengine");
        }
        if (!input.isMixed(participantId) && !joined.getOrDefault(roomId, Set.of()).contains(participantId)) {
            throw new ParticipantNotFoundException("Participant " + participantId + " is not in room " + roomId);
        }
        input.configure(participantId, excluded, gainDb);
    }

    /** The ng client, when an RTPEngine is configured. */
    public Optional<NgClient> ng() {
        return ng;
    }

    /** A broadcast's input, from its start until it closes. */
    void attach(UUID roomId, RtpEngineAudioInput input) {
        inputs.put(roomId, input);
    }

    void detach(UUID roomId, RtpEngineAudioInput input) {
        inputs.remove(roomId, input);
    }

    private RoomAudioRouting rtpengineRoom(UUID roomId) {
        rooms.find(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
        RoomAudioRouting r = routing(roomId);
        if (r.mode() != AudioMode.RTPENGINE || ng.isEmpty()) {
            throw new InvalidRoomException("Room " + roomId + " is in audio mode direct: participants join rooms created with audioMode rtpengine");
        }
        return r;
    }

    /** Who joined the room through this service and has not left. */
    List<String> joined(UUID roomId) {
        return List.copyOf(joined.getOrDefault(roomId, Set.of()));
    }

    private void withInput(UUID roomId, java.util.function.Consumer<RtpEngineAudioInput> action) {
        RtpEngineAudioInput input = inputs.get(roomId);
        if (input != null) {
            action.accept(input);
        }
    }
}
