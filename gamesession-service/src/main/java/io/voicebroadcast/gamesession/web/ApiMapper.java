package io.voicebroadcast.gamesession.web;

import io.voicebroadcast.gamesession.api.model.BroadcastDestinationDto;
import io.voicebroadcast.gamesession.api.model.BroadcastErrorDto;
import io.voicebroadcast.gamesession.api.model.BroadcastNodeDto;
import io.voicebroadcast.gamesession.api.model.BroadcastReplacementDto;
import io.voicebroadcast.gamesession.api.model.BroadcastPhaseDto;
import io.voicebroadcast.gamesession.api.model.BroadcastStatusResponseDto;
import io.voicebroadcast.gamesession.api.model.CameraResponseDto;
import io.voicebroadcast.gamesession.api.model.CameraSelectionDto;
import io.voicebroadcast.gamesession.api.model.CameraStateDto;
import io.voicebroadcast.gamesession.api.model.ConfigureBroadcastRequestDto;
import io.voicebroadcast.gamesession.api.model.VoiceStreamDestinationDto;
import io.voicebroadcast.gamesession.api.model.VoiceStreamStatusDto;
import io.voicebroadcast.gamesession.broadcast.BroadcastConfig;
import io.voicebroadcast.gamesession.broadcast.BroadcastError;
import io.voicebroadcast.gamesession.broadcast.BroadcastPhase;
import io.voicebroadcast.gamesession.broadcast.BroadcastReport;
import io.voicebroadcast.gamesession.broadcast.BroadcastStatus;
import io.voicebroadcast.gamesession.broadcast.Replacement;
import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.security.StreamKeyMasker;
import io.voicebroadcast.gamesession.voice.StreamDestination;
import io.voicebroadcast.gamesession.voice.VoiceDestinationState;
import io.voicebroadcast.gamesession.voice.VoiceStreamState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Between the generated DTOs and the domain; nothing else. Every URL leaves masked. */
final class ApiMapper {

    private ApiMapper() {
    }

    static BroadcastConfig toDomain(ConfigureBroadcastRequestDto r) {
        List<StreamDestination> more = r.getDestinations() == null ? List.of()
                : r.getDestinations().stream().map(d -> new StreamDestination(d.getDestinationId(), d.getUrl())).toList();
        return new BroadcastConfig(r.getSessionId(), r.getRtmpOutputUrl(), more, r.getFallbackStreamUrl(), r.getFallbackImageUrl(),
                r.getCameraPreference(), r.getVoiceRoomId())
                .withLayout(r.getLayout() == null ? null : r.getLayout().getValue(), r.getSlotCameraPreferences());
    }

    static BroadcastStatusResponseDto toDto(BroadcastReport report) {
        BroadcastStatusResponseDto dto = toDto(report.status());
        dto.setVoiceStream(report.voiceStream() == null ? null : toDto(report.voiceStream()));
        dto.setVoiceStreamError(report.voiceStreamError());
        return dto;
    }

    static BroadcastStatusResponseDto toDto(BroadcastStatus s) {
        BroadcastStatusResponseDto dto = new BroadcastStatusResponseDto(s.sessionId(), toDto(s.phase()), s.maskedRtmpOutputUrl(),
                s.destinations().stream().map(d -> new BroadcastDestinationDto(d.id(), d.maskedUrl())).toList(), s.cameraPreference(), s.selection() == io.voicebroadcast.gamesession.broadcast.CameraSelection.MANUAL
                        ? CameraSelectionDto.MANUAL : CameraSelectionDto.PREFERENCE, time(s.updatedAt()));
        dto.setVoiceRoomId(s.voiceRoomId());
        if (s.placement() != null) {
            dto.setNode(new BroadcastNodeDto(s.placement().nodeId(), s.placement().epoch(), time(s.placement().since())));
        }
        if (s.lastReplacement() != null) {
            Replacement r = s.lastReplacement();
            dto.setLastReplacement(new BroadcastReplacementDto(r.fromNode(), time(r.at()),
                    BroadcastReplacementDto.ReasonEnum.fromValue(r.reason())));
        }
        dto.setFallbackStreamUrl(s.maskedFallbackStreamUrl());
        dto.setFallbackImageUrl(s.maskedFallbackImageUrl());
        dto.setSelectedCameraId(s.selectedCameraId());
        dto.setLayout(s.layout());
        dto.setSlotCameraPreferences(s.slotCameraPreferences());
        dto.setSlotCamerasOnAir(s.slotCamerasOnAir());
        dto.setCameraOnAir(s.cameraOnAir() == null ? null : toDto(s.cameraOnAir()));
        dto.setLastError(s.lastError() == null ? null : toDto(s.lastError()));
        return dto;
    }

    static BroadcastPhaseDto toDto(BroadcastPhase phase) {
        return switch (phase) {
            case WAITING_FOR_CAMERA -> BroadcastPhaseDto.WAITING_FOR_CAMERA;
            case WAITING_FOR_CAPACITY -> BroadcastPhaseDto.WAITING_FOR_CAPACITY;
            case STARTING -> BroadcastPhaseDto.STARTING;
            case ON_AIR -> BroadcastPhaseDto.ON_AIR;
            case STOPPING -> BroadcastPhaseDto.STOPPING;
            case ENDED -> BroadcastPhaseDto.ENDED;
            case STOPPED -> BroadcastPhaseDto.STOPPED;
        };
    }

    static BroadcastPhase toDomain(BroadcastPhaseDto phase) {
        return phase == null ? null : BroadcastPhase.valueOf(phase.name());
    }

    static CameraResponseDto toDto(Camera c) {
        CameraResponseDto dto = new CameraResponseDto(c.cameraId(), c.gameInstanceId(),
                c.isLive() ? CameraStateDto.LIVE : CameraStateDto.ENDED, StreamKeyMasker.mask(c.rtmpUrl()),
                time(c.startedAt()), time(c.lastEventAt()));
        dto.setSessionId(c.sessionId());
        dto.setDisplayName(c.displayName());
        dto.setCapabilities(c.capabilities());
        dto.setEndReason(c.endReason() == null || c.endReason() == EndReason.UNSPECIFIED ? null
                : CameraResponseDto.EndReasonEnum.fromValue(c.endReason().name().toLowerCase()));
        return dto;
    }

    static VoiceStreamStatusDto toDto(VoiceStreamState v) {
        VoiceStreamStatusDto dto = new VoiceStreamStatusDto(v.streaming(), v.health() == null ? "unknown" : v.health());
        dto.setVideoSourceType(v.videoSourceType());
        // The voice service masks its URLs; masking again costs nothing and keeps the promise here.
        dto.setCurrentVideoSource(v.currentVideoSource() == null ? null : StreamKeyMasker.maskText(v.currentVideoSource()));
        dto.setHealthMessage(v.healthMessage() == null ? null : StreamKeyMasker.maskText(v.healthMessage()));
        dto.setStartedAt(time(v.startedAt()));
        dto.setEncoderRestarts(v.encoderRestarts());
        dto.setDestinations(v.destinations().stream().map(ApiMapper::toDto).toList());
        return dto;
    }

    /** Masked again here, strictly: an SRT query or a key in a URL of another scheme never leaves this service. */
    static VoiceStreamDestinationDto toDto(VoiceDestinationState d) {
        VoiceStreamDestinationDto dto = new VoiceStreamDestinationDto(d.id(),
                d.maskedUrl() == null ? "" : StreamKeyMasker.maskStrictly(d.maskedUrl()), d.state() == null ? "unknown" : d.state());
        dto.setSince(time(d.since()));
        dto.setBytesSent(d.bytesSent());
        dto.setBitrateKbps(d.bitrateKbps());
        dto.setReconnects(d.reconnects());
        dto.setSkippedToKeyframe(d.skippedToKeyframe());
        dto.setLastError(d.lastError() == null ? null : StreamKeyMasker.maskText(d.lastError()));
        dto.setLastErrorKind(d.lastErrorKind());
        return dto;
    }

    static BroadcastErrorDto toDto(BroadcastError e) {
        BroadcastErrorDto dto = new BroadcastErrorDto(e.operation().label(), e.message(), time(e.at()), e.retrying());
        dto.setHttpStatus(e.httpStatus());
        dto.setNextRetryAt(time(e.nextRetryAt()));
        return dto;
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
