package io.voicebroadcast.voice.web;

import static io.voicebroadcast.voice.web.ApiMapper.toDto;

import io.voicebroadcast.voice.api.VoiceStreamingApi;
import io.voicebroadcast.voice.api.model.StartStreamRequestDto;
import io.voicebroadcast.voice.api.model.StopStreamRequestDto;
import io.voicebroadcast.voice.api.model.StreamParticipantRequestDto;
import io.voicebroadcast.voice.api.model.StreamListRequestDto;
import io.voicebroadcast.voice.api.model.StreamListResponseDto;
import io.voicebroadcast.voice.api.model.AddDestinationRequestDto;
import io.voicebroadcast.voice.api.model.RemoveDestinationRequestDto;
import io.voicebroadcast.voice.api.model.StreamPreviewRequestDto;
import io.voicebroadcast.voice.api.model.StreamStatusRequestDto;
import io.voicebroadcast.voice.api.model.StreamStatusResponseDto;
import io.voicebroadcast.voice.api.model.LayoutRequestDto;
import io.voicebroadcast.voice.api.model.OverlayRequestDto;
import io.voicebroadcast.voice.api.model.UpdateStreamRequestDto;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StreamController implements VoiceStreamingApi {

    private final StreamingCoordinator streaming;

    StreamController(StreamingCoordinator streaming) {
        this.streaming = streaming;
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> updateStreamParticipant(StreamParticipantRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.configureMix(r.getRoomId(), r.getParticipantId(), r.getExcluded(), r.getGainDb())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> startRoomStream(StartStreamRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.start(ApiMapper.toDomain(r), ApiMapper.toLayout(r.getLayout(), r.getInsetCorner(), r.getSlots()))));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> addStreamDestination(AddDestinationRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.addDestination(r.getRoomId(), r.getDestinationId(), r.getUrl())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> removeStreamDestination(RemoveDestinationRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.removeDestination(r.getRoomId(), r.getDestinationId())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> stopRoomStream(StopStreamRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.stop(r.getRoomId())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> updateRoomStream(UpdateStreamRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.update(ApiMapper.toDomain(r), ApiMapper.toLayout(r.getLayout(), r.getInsetCorner(), r.getSlots()))));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> switchRoomStreamLayout(LayoutRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.switchLayout(r.getRoomId(), ApiMapper.toDomain(r))));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> setRoomStreamOverlay(OverlayRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.overlay(ApiMapper.toDomain(r))));
    }

    @Override
    public ResponseEntity<Resource> getStreamPreview(StreamPreviewRequestDto r) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_JPEG)
                .body(new ByteArrayResource(streaming.preview(r.getRoomId())));
    }

    @Override
    public ResponseEntity<StreamStatusResponseDto> getRoomStreamStatus(StreamStatusRequestDto r) {
        return ResponseEntity.ok(toDto(streaming.status(r.getRoomId())));
    }

    @Override
    public ResponseEntity<StreamListResponseDto> listRoomStreams(StreamListRequestDto r) {
        return ResponseEntity.ok(new StreamListResponseDto(streaming.list(r == null ? null : ApiMapper.toDomain(r.getHealth()))
                .stream().map(ApiMapper::toDto).toList()));
    }
}
