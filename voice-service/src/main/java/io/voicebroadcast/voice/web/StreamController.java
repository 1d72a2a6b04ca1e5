package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.VoiceStreamingApi;
import io.voicebroadcast.voice.api.model.StartStreamRequestDto;
import io.voicebroadcast.voice.api.model.StopStreamRequestDto;
import io.voicebroadcast.voice.api.model.StreamParticipantRequestDto;
import io.voicebroadcast.voice.participant.RoomParticipants;
import io.voicebroadcast.voice.stream.StreamStatus;
import io.voicebroadcast.voice.api.model.StreamListRequestDto;
import io.voicebroadcast.voice.api.model.StreamListResponseDto;
import io.voicebroadcast.voice.api.model.StreamStatusRequestDto;
import io.voicebroadcast.voice.api.model.StreamStatusResponseDto;
import io.voicebroadcast.voice.api.model.UpdateStreamRequestDto;
import io.voicebroadcast.voice.stream.Change;
import io.voicebroadcast.voice.stream.StartCommand;
import io.voicebroadcast.voice.stream.StreamHealth;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import io.voicebroadcast.voice.stream.UpdateCommand;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StreamController implements VoiceStreamingApi {

    private final StreamingCoordinator streaming;
    private final RoomParticipants participants;

    StreamController(StreamingCoordinator streaming, RoomParticipants participants) {
        this.streaming = streaming;
        this.participants = participants;
    }

    private StreamStatusResponseDto toDto(StreamStatus s) {
        return ApiMapper.withAudio(ApiMapper.toDto(s), participants);
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> updateStreamParticipant(StreamParticipantRequestDto r) {
        streaming.status(r.getRoomId()); // 503 when streaming is off, 404 for an unknown room
        participants.configureMix(r.getRoomId(), r.getParticipantId(), r.getExcluded(), r.getGainDb());
        return ResponseEntity.ok(toDto(streaming.status(r.getRoomId())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> startRoomStream(StartStreamRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.start(new StartCommand(r.getRoomId(), r.getRtmpOutputUrl(),
                r.getBackgroundVideoUrl(), r.getFallbackStreamUrl(), r.getFallbackImageUrl(), r.getAudioCodec(), r.getAudioBitrate()))));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> stopRoomStream(StopStreamRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.stop(r.getRoomId())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> updateRoomStream(UpdateStreamRequestDto r) {
        // The destination is never cleared: an empty one is validated, and refused, as any other URL.
        Change<String> output = r.getRtmpOutputUrl() == null ? Change.keep() : Change.set(r.getRtmpOutputUrl());
        return ResponseEntity.ok(toDto(streaming.update(new UpdateCommand(r.getRoomId(), output,
                change(r.getBackgroundVideoUrl()), change(r.getFallbackStreamUrl()), change(r.getFallbackImageUrl())))));
    }

    /** The update API's convention: a URL left out keeps the setting, an empty one clears it. */
    private static Change<String> change(String url) {
        if (url == null) {
            return Change.keep();
        }
        return url.isBlank() ? Change.clear() : Change.set(url);
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> getRoomStreamStatus(StreamStatusRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.status(r.getRoomId())));
    }

    @Override
    public ResponseEntity<StreamListResponseDto> listRoomStreams(StreamListRequestDto r) {
        var health = r == null || r.getHealth() == null ? null : StreamHealth.valueOf(r.getHealth().name());
        return ResponseEntity.ok(new StreamListResponseDto(streaming.list(health).stream().map(this::toDto).toList()));
    }
}
