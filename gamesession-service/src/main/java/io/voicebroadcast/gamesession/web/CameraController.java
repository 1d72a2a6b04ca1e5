package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.CamerasApi;
import io.voicebroadcast.gamesession.api.model.CameraListRequestDto;
import io.voicebroadcast.gamesession.api.model.CameraListResponseDto;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CameraController implements CamerasApi {

    private final CameraRegistry cameras;

    CameraController(CameraRegistry cameras) {
        this.cameras = cameras;
    }

    @Override
    public ResponseEntity<CameraListResponseDto> listCameras(CameraListRequestDto r) {
        UUID session = r == null ? null : r.getSessionId();
        UUID instance = r == null ? null : r.getGameInstanceId();
        boolean includeEnded = r != null && Boolean.TRUE.equals(r.getIncludeEnded());
        return ResponseEntity.ok(new CameraListResponseDto(cameras.list(session, instance, includeEnded).stream()
                .map(ApiMapper::toDto).toList()));
    }
}
