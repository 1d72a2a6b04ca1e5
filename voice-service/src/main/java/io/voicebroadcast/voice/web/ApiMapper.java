package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.model.AudioCodecDto;
import io.voicebroadcast.voice.api.model.CornerDto;
import io.voicebroadcast.voice.api.model.LayoutNameDto;
import io.voicebroadcast.voice.api.model.LayoutRequestDto;
import io.voicebroadcast.voice.api.model.OverlayRequestDto;
import io.voicebroadcast.voice.api.model.OverlayStatusDto;
import io.voicebroadcast.voice.api.model.RectDto;
import io.voicebroadcast.voice.api.model.SlotSourcesDto;
import io.voicebroadcast.voice.api.model.SlotStatusDto;
import io.voicebroadcast.voice.pipeline.layout.Corner;
import io.voicebroadcast.voice.pipeline.layout.LayoutKind;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import io.voicebroadcast.voice.pipeline.layout.TextStyle;
import io.voicebroadcast.voice.stream.LayoutCommand;
import io.voicebroadcast.voice.stream.OverlayCommand;
import io.voicebroadcast.voice.stream.RoomOverlay;
import io.voicebroadcast.voice.stream.SlotCommand;
import io.voicebroadcast.voice.stream.SlotStatus;
import io.voicebroadcast.voice.api.model.AudioModeDto;
import io.voicebroadcast.voice.api.model.CreateRoomRequestDto;
import io.voicebroadcast.voice.api.model.DestinationErrorKindDto;
import io.voicebroadcast.voice.api.model.DestinationStateDto;
import io.voicebroadcast.voice.api.model.DestinationStatusDto;
import io.voicebroadcast.voice.api.model.StartStreamRequestDto;
import io.voicebroadcast.voice.api.model.RoomAudioDto;
import io.voicebroadcast.voice.api.model.RoomResponseDto;
import io.voicebroadcast.voice.api.model.RoomTierDto;
import io.voicebroadcast.voice.api.model.SourceStateDto;
import io.voicebroadcast.voice.api.model.SourceStatusDto;
import io.voicebroadcast.voice.api.model.StreamHealthDto;
import io.voicebroadcast.voice.api.model.StreamParticipantDto;
import io.voicebroadcast.voice.api.model.StreamStatusResponseDto;
import io.voicebroadcast.voice.api.model.VideoSourceTypeDto;
import io.voicebroadcast.voice.audio.MixerSourceStatus;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.SourceState;
import io.voicebroadcast.voice.room.AudioMode;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomAudioFormat;
import io.voicebroadcast.voice.room.RoomDetails;
import io.voicebroadcast.voice.room.RoomRequest;
import io.voicebroadcast.voice.room.RoomTier;
import io.voicebroadcast.voice.stream.StreamHealth;
import io.voicebroadcast.voice.api.model.UpdateStreamRequestDto;
import io.voicebroadcast.voice.stream.Change;
import io.voicebroadcast.voice.stream.DestinationStatus;
import io.voicebroadcast.voice.stream.SourceStatus;
import io.voicebroadcast.voice.stream.StartCommand;
import io.voicebroadcast.voice.stream.StreamStatus;
import io.voicebroadcast.voice.stream.UpdateCommand;
import java.time.ZoneOffset;
import java.util.List;

/** Between the generated DTOs and the domain; nothing else. */
final class ApiMapper {

    private ApiMapper() {
    }

    static StartCommand toDomain(StartStreamRequestDto r) {
        List<StartCommand.DestinationRequest> destinations = r.getDestinations() == null ? List.of()
                : r.getDestinations().stream().map(d -> new StartCommand.DestinationRequest(d.getDestinationId(), d.getUrl())).toList();
        return new StartCommand(r.getRoomId(), r.getRtmpOutputUrl(), destinations, r.getBackgroundVideoUrl(),
                r.getFallbackStreamUrl(), r.getFallbackImageUrl(), r.getAudioCodec(), r.getAudioBitrate());
    }

    /**
     * The update API's convention: a URL left out keeps the setting, an empty one clears it. The
     * destination is never cleared: an empty one is validated, and refused, as any other URL.
     */
    static UpdateCommand toDomain(UpdateStreamRequestDto r) {
        Change<String> output = r.getRtmpOutputUrl() == null ? Change.keep() : Change.set(r.getRtmpOutputUrl());
        return new UpdateCommand(r.getRoomId(), output, change(r.getBackgroundVideoUrl()), change(r.getFallbackStreamUrl()),
                change(r.getFallbackImageUrl()));
    }

    /** A start's, an update's or a layout switch's layout; null when the request names none. */
    static LayoutCommand toLayout(LayoutNameDto layout, CornerDto corner, List<SlotSourcesDto> slots) {
        if (layout == null && corner == null && (slots == null || slots.isEmpty())) {
            return null;
        }
        List<SlotCommand> commands = slots == null ? List.of() : slots.stream().map(ApiMapper::toDomain).toList();
        return new LayoutCommand(layout == null ? null : LayoutKind.fromApi(layout.getValue()),
                corner == null ? null : Corner.fromApi(corner.getValue()), commands);
    }

    static LayoutCommand toDomain(LayoutRequestDto r) {
        LayoutCommand cmd = toLayout(r.getLayout(), r.getInsetCorner(), r.getSlots());
        return cmd != null ? cmd : new LayoutCommand(null, null, List.of());
    }

    private static SlotCommand toDomain(SlotSourcesDto s) {
        return s == null ? SlotCommand.KEEP
                : new SlotCommand(change(s.getBackgroundVideoUrl()), change(s.getFallbackStreamUrl()), change(s.getFallbackImageUrl()));
    }

    static OverlayCommand toDomain(OverlayRequestDto r) {
        return new OverlayCommand(r.getRoomId(), change(r.getLogoUrl()), r.getLogoCorner() == null ? null : Corner.fromApi(r.getLogoCorner().getValue()),
                r.getLogoWidthPercent(), change(r.getText()), r.getTextStyle() == null ? null : TextStyle.fromApi(r.getTextStyle().getValue()));
    }

    private static Change<String> change(String url) {
        if (url == null) {
            return Change.keep();
        }
        return url.isBlank() ? Change.clear() : Change.set(url);
    }

    static StreamStatusResponseDto toDto(StreamStatus s) {
        StreamStatusResponseDto dto = new StreamStatusResponseDto(s.roomId(), s.streaming(), StreamHealthDto.fromValue(s.health().name().toLowerCase()));
        dto.setRtmpOutputUrl(s.rtmpOutputUrl());
        dto.setCurrentVideoSource(s.currentVideoSource());
        dto.setVideoSourceType(s.videoSourceType() == null ? null : toDto(s.videoSourceType()));
        dto.setStartedAt(s.startedAt() == null ? null : s.startedAt().atOffset(ZoneOffset.UTC));
        dto.setDurationSeconds(s.durationSeconds());
        dto.setHealthMessage(s.healthMessage());
        dto.setAudioRtpPort(s.audioRtpPort());
        dto.setVideoCodec(s.videoCodec());
        dto.setEncoderRestarts(s.encoderRestarts());
        dto.setEncoderFps(s.encoderFps());
        dto.setEncoderSpeed(s.encoderSpeed());
        dto.setLastError(s.lastError());
        dto.setRoomAudioReceiving(s.roomAudioReceiving());
        dto.setOnAirSince(s.onAirSince() == null ? null : s.onAirSince().atOffset(ZoneOffset.UTC));
        dto.setAudioSilentSeconds(s.audioSilentSeconds());
        dto.setAudioMode(toDto(s.audio().mode()));
        dto.setParticipants(s.audio().participants().stream().map(ApiMapper::toDto).toList());
        dto.setDestinations(s.destinations().stream().map(ApiMapper::toDto).toList());
        dto.setSources(s.sources().stream().map(ApiMapper::toDto).toList());
        if (s.layout() != null) {
            dto.setLayout(LayoutNameDto.fromValue(s.layout().kind().apiName()));
            dto.setInsetCorner(CornerDto.fromValue(s.layout().insetCorner().apiName()));
        }
        dto.setSlots(s.slots().stream().map(ApiMapper::toDto).toList());
        dto.setLastLayoutSwitchMs(s.lastLayoutSwitchMs());
        if (s.overlay() != null) {
            RoomOverlay.Status o = s.overlay();
            dto.setOverlay(new OverlayStatusDto().logo(o.logo()).logoCorner(o.logoCorner() == null ? null : CornerDto.fromValue(o.logoCorner()))
                    .logoWidthPercent(o.logoWidthPercent()).text(o.text()).textStyle(o.textStyle()));
        }
        return dto;
    }

    static SlotStatusDto toDto(SlotStatus s) {
        Rect r = s.rect();
        SlotStatusDto dto = new SlotStatusDto(s.slot(), new RectDto(r.x(), r.y(), r.width(), r.height()),
                s.sources().stream().map(ApiMapper::toDto).toList());
        dto.setCurrentVideoSource(s.currentVideoSource());
        dto.setVideoSourceType(s.videoSourceType() == null ? null : toDto(s.videoSourceType()));
        dto.setProblem(s.problem());
        return dto;
    }

    static SourceStatusDto toDto(SourceStatus s) {
        SourceStatusDto dto = new SourceStatusDto(toDto(s.kind()), toDto(s.state()), s.onAir());
        dto.setSource(s.description());
        dto.setProblem(s.state().problem());
        return dto;
    }

    /** A closed source leaves its rung, so a status never holds one; a rung being replaced is starting again. */
    static SourceStateDto toDto(SourceState state) {
        if (state instanceof SourceState.Delivering) {
            return SourceStateDto.DELIVERING;
        } else if (state instanceof SourceState.Lost) {
            return SourceStateDto.LOST;
        } else if (state instanceof SourceState.Recovering) {
            return SourceStateDto.RECOVERING;
        } else if (state instanceof SourceState.Paused) {
            return SourceStateDto.PAUSED;
        }
        return SourceStateDto.STARTING;
    }

    static DestinationStatusDto toDto(DestinationStatus d) {
        DestinationStatusDto dto = new DestinationStatusDto(d.id(), d.maskedUrl(),
                DestinationStateDto.fromValue(d.state().name().toLowerCase()), d.since().atOffset(ZoneOffset.UTC), d.bytesSent(),
                d.reconnects());
        dto.setBitrateKbps(d.bitrateKbps());
        dto.setSkippedToKeyframe(d.skips());
        dto.setLastError(d.lastError());
        dto.setLastErrorKind(d.lastErrorKind() == null ? null : DestinationErrorKindDto.fromValue(d.lastErrorKind().kind()));
        return dto;
    }

    static StreamHealth toDomain(StreamHealthDto health) {
        return health == null ? null : StreamHealth.valueOf(health.name());
    }

    static StreamParticipantDto toDto(MixerSourceStatus s) {
        double gainDb = s.gain() <= 0 ? -120.0 : Math.round(20 * Math.log10(s.gain()) * 100) / 100.0;
        StreamParticipantDto dto = new StreamParticipantDto(s.id(), Math.round(s.levelDbfs() * 10) / 10.0, s.excluded(), gainDb,
                s.stats().packetsReceived(), s.stats().lost());
        dto.setPacketsLate(s.stats().late());
        dto.setPacketsFromUnexpectedSender(s.stats().droppedUnexpectedSender());
        return dto;
    }

    static AudioModeDto toDto(AudioMode mode) {
        return switch (mode) {
            case DIRECT -> AudioModeDto.DIRECT;
            case RTPENGINE -> AudioModeDto.RTPENGINE;
        };
    }

    static AudioMode toDomain(AudioModeDto mode) {
        return mode == null ? null : switch (mode) {
            case DIRECT -> AudioMode.DIRECT;
            case RTPENGINE -> AudioMode.RTPENGINE;
        };
    }

    static VideoSourceTypeDto toDto(SourceKind kind) {
        return switch (kind) {
            case PRIMARY_STREAM -> VideoSourceTypeDto.PRIMARY_STREAM;
            case FALLBACK_STREAM -> VideoSourceTypeDto.FALLBACK_STREAM;
            case FALLBACK_IMAGE -> VideoSourceTypeDto.FALLBACK_IMAGE;
            case DEFAULT -> VideoSourceTypeDto.DEFAULT;
            case BLACK -> VideoSourceTypeDto.BLACK;
        };
    }

    static RoomRequest toDomain(CreateRoomRequestDto r) {
        return new RoomRequest(toDomain(r.getTier()), r.getDisplayName(), toDomain(r.getAudio()), toDomain(r.getAudioMode()),
                r.getRtpengineCallId());
    }

    static RoomResponseDto toDto(RoomDetails details) {
        Room room = details.room();
        RoomResponseDto dto = new RoomResponseDto(room.id(), toDto(room.tier()), toDto(room.audio()),
                room.createdAt().atOffset(ZoneOffset.UTC), details.streaming());
        dto.setDisplayName(room.displayName());
        dto.setAudioMode(toDto(details.routing().mode()));
        dto.setRtpengineCallId(details.routing().callId());
        return dto;
    }

    static RoomTierDto toDto(RoomTier tier) {
        return switch (tier) {
            case P2P -> RoomTierDto.P2P;
            case SCALED -> RoomTierDto.SCALED;
        };
    }

    static RoomTier toDomain(RoomTierDto tier) {
        return switch (tier) {
            case P2P -> RoomTier.P2P;
            case SCALED -> RoomTier.SCALED;
        };
    }

    static RoomAudioDto toDto(RoomAudioFormat a) {
        return new RoomAudioDto().codec(AudioCodecDto.fromValue(a.codec().name().toLowerCase()))
                .payloadType(a.payloadType()).sampleRate(a.sampleRate()).channels(a.channels());
    }

    /** Fills the design's defaults (opus/111/48000/2; G.711 is 8000 Hz mono, payload type 0 or 8). */
    static RoomAudioFormat toDomain(RoomAudioDto a) {
        if (a == null) {
            return RoomAudioFormat.DEFAULT;
        }
        RoomAudioFormat.Codec codec = a.getCodec() == null ? RoomAudioFormat.Codec.OPUS
                : RoomAudioFormat.Codec.valueOf(a.getCodec().getValue().toUpperCase());
        boolean g711 = codec != RoomAudioFormat.Codec.OPUS;
        int defaultPt = switch (codec) {
            case OPUS -> 111;
            case PCMU -> 0;
            case PCMA -> 8;
        };
        // The generated model fills schema defaults (111/48000/2); for G.711 those defaults do not apply.
        Integer pt = a.getPayloadType();
        int payloadType = pt == null || (g711 && pt == 111) ? defaultPt : pt;
        int sampleRate = g711 ? (a.getSampleRate() == null || a.getSampleRate() == 48000 ? 8000 : a.getSampleRate())
                : (a.getSampleRate() == null ? 48000 : a.getSampleRate());
        int channels = g711 ? (a.getChannels() == null || a.getChannels() == 2 ? 1 : a.getChannels())
                : (a.getChannels() == null ? 2 : a.getChannels());
        return new RoomAudioFormat(codec, payloadType, sampleRate, channels);
    }
}
