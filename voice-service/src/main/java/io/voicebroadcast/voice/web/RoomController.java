package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.VoiceRoomsApi;
import io.voicebroadcast.voice.api.model.CreateRoomRequestDto;
import io.voicebroadcast.voice.api.model.RoomIdRequestDto;
import io.voicebroadcast.voice.api.model.RoomResponseDto;
import io.voicebroadcast.voice.room.Rooms;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RoomController implements VoiceRoomsApi {

    private final Rooms rooms;

    RoomController(Rooms rooms) {
        this.rooms = rooms;
    }

    @Override
    public ResponseEntity<RoomResponseDto> createRoom(CreateRoomRequestDto request) {
        return ResponseEntity.ok(ApiMapper.toDto(rooms.create(ApiMapper.toDomain(request))));
    }

    @Override
    public ResponseEntity<RoomResponseDto> getRoom(RoomIdRequestDto request) {
        return ResponseEntity.ok(ApiMapper.toDto(rooms.get(request.getRoomId())));
    }

    @Override
    public ResponseEntity<Void> deleteRoom(RoomIdRequestDto request) {
        rooms.delete(request.getRoomId());
        return ResponseEntity.noContent().build();
    }
}
