package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.SessionBroadcastsApi;
import io.voicebroadcast.gamesession.api.model.BroadcastListRequestDto;
import io.voicebroadcast.gamesession.api.model.BroadcastListResponseDto;
import io.voicebroadcast.gamesession.api.model.BroadcastStatusResponseDto;
import io.voicebroadcast.gamesession.api.model.ConfigureBroadcastRequestDto;
import io.voicebroadcast.gamesession.api.model.SelectCameraRequestDto;
import io.voicebroadcast.gamesession.api.model.SessionIdRequestDto;
import io.voicebroadcast.gamesession.broadcast.BroadcastReports;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BroadcastController implements SessionBroadcastsApi {

    private final BroadcastReports broadcasts;

    BroadcastController(BroadcastReports broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> configureBroadcast(ConfigureBroadcastRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.configure(ApiMapper.toDomain(r))));
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> stopBroadcast(SessionIdRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.stop(r.getSessionId())));
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> getBroadcastStatus(SessionIdRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.report(r.getSessionId())));
    }

    @Override
    public ResponseEntity<BroadcastListResponseDto> listBroadcasts(BroadcastListRequestDto r) {
        return ResponseEntity.ok(new BroadcastListResponseDto(broadcasts.list(r == null ? null : ApiMapper.toDomain(r.getPhase()))
                .stream().map(ApiMapper::toDto).toList()));
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> selectCamera(SelectCameraRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.selectCamera(r.getSessionId(), r.getCameraId(), r.getGameInstanceId(),
                r.getSlot() == null ? 0 : r.getSlot())));
    }
}
