package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.VoiceRoomsApi;
import io.voicebroadcast.voice.api.model.CreateRoomRequestDto;
import io.voicebroadcast.voice.api.model.RoomIdRequestDto;
import io.voicebroadcast.voice.api.model.RoomResponseDto;
import io.voicebroadcast.voice.participant.RoomParticipants;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.room.RoomNotFoundException;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RoomController implements VoiceRoomsApi {

    private final RoomDirectory rooms;
    private final StreamingCoordinator streaming;
    private final RoomParticipants participants;

    RoomController(RoomDirectory rooms, StreamingCoordinator streaming, RoomParticipants participants) {
        this.rooms = rooms;
        this.streaming = streaming;
        this.participants = participants;
    }

    @Override
    public ResponseEntity<RoomResponseDto> createRoom(CreateRoomRequestDto request) {
        participants.checkMode(ApiMapper.toDomain(request.getAudioMode()), request.getRtpengineCallId());
        Room room = rooms.create(ApiMapper.toDomain(request.getTier()), request.getDisplayName(), ApiMapper.toDomain(request.getAudio()));
        var routing = participants.register(room.id(), ApiMapper.toDomain(request.getAudioMode()), request.getRtpengineCallId());
        return ResponseEntity.ok(ApiMapper.toDto(room, false, routing));
    }

    @Override
    public ResponseEntity<RoomResponseDto> getRoom(RoomIdRequestDto request) {
        Room room = rooms.find(request.getRoomId()).orElseThrow(() -> new RoomNotFoundException(request.getRoomId()));
        return ResponseEntity.ok(ApiMapper.toDto(room, streaming.isStreaming(room.id()), participants.routing(room.id())));
    }

    @Override
    public ResponseEntity<Void> deleteRoom(RoomIdRequestDto request) {
        streaming.deleteRoom(request.getRoomId());
        participants.forget(request.getRoomId());
        return ResponseEntity.noContent().build();
    }
}
