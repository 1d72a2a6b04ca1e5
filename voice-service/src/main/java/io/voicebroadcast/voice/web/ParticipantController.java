package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.VoiceParticipantsApi;
import io.voicebroadcast.voice.api.model.JoinParticipantRequestDto;
import io.voicebroadcast.voice.api.model.JoinParticipantResponseDto;
import io.voicebroadcast.voice.api.model.LeaveParticipantRequestDto;
import io.voicebroadcast.voice.participant.RoomParticipants;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ParticipantController implements VoiceParticipantsApi {

    private final RoomParticipants participants;

    ParticipantController(RoomParticipants participants) {
        this.participants = participants;
    }

    @Override
    public ResponseEntity<JoinParticipantResponseDto> joinParticipant(JoinParticipantRequestDto r) {
        return ResponseEntity.ok(new JoinParticipantResponseDto(participants.join(r.getRoomId(), r.getParticipantId(), r.getSdpOffer())));
    }

    @Override
    public ResponseEntity<Void> leaveParticipant(LeaveParticipantRequestDto r) {
        participants.leave(r.getRoomId(), r.getParticipantId());
        return ResponseEntity.noContent().build();
    }
}
