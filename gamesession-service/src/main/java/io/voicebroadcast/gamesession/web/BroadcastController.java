package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.SessionBroadcastsApi;
import io.voicebroadcast.gamesession.api.model.BroadcastListRequestDto;
import io.voicebroadcast.gamesession.api.model.BroadcastListResponseDto;
import io.voicebroadcast.gamesession.api.model.BroadcastStatusResponseDto;
import io.voicebroadcast.gamesession.api.model.ConfigureBroadcastRequestDto;
import io.voicebroadcast.gamesession.api.model.SelectCameraRequestDto;
import io.voicebroadcast.gamesession.api.model.SessionIdRequestDto;
import io.voicebroadcast.gamesession.broadcast.BroadcastNotFoundException;
import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator;
import io.voicebroadcast.gamesession.broadcast.BroadcastPhase;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BroadcastController implements SessionBroadcastsApi {

    private final BroadcastOrchestrator broadcasts;

    BroadcastController(BroadcastOrchestrator broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> configureBroadcast(ConfigureBroadcastRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.withVoiceStream(broadcasts.configure(ApiMapper.toDomain(r)))));
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> stopBroadcast(SessionIdRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.stop(r.getSessionId())));
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> getBroadcastStatus(SessionIdRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.report(r.getSessionId())
                .orElseThrow(() -> new BroadcastNotFoundException("No broadcast is configured for session " + r.getSessionId() + "."))));
    }

    @Override
    public ResponseEntity<BroadcastListResponseDto> listBroadcasts(BroadcastListRequestDto r) {
        BroadcastPhase phase = r == null || r.getPhase() == null ? null : ApiMapper.toDomain(r.getPhase());
        return ResponseEntity.ok(new BroadcastListResponseDto(broadcasts.list(phase).stream().map(ApiMapper::toDto).toList()));
    }

    @Override
    public ResponseEntity<BroadcastStatusResponseDto> selectCamera(SelectCameraRequestDto r) {
        return ResponseEntity.ok(ApiMapper.toDto(broadcasts.withVoiceStream(
                broadcasts.selectCamera(r.getSessionId(), r.getCameraId(), r.getGameInstanceId()))));
    }
}
