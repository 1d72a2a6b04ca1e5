package io.voicebroadcast.voice.web;

import io.voicebroadcast.voice.api.model.DashboardBroadcastDto;
import io.voicebroadcast.voice.api.model.DashboardBroadcastsDto;
import io.voicebroadcast.voice.api.model.DashboardEventDto;
import io.voicebroadcast.voice.api.model.DashboardLevelsDto;
import io.voicebroadcast.voice.api.model.ParticipantLevelDto;
import io.voicebroadcast.voice.api.model.RoomLevelsDto;
import io.voicebroadcast.voice.dashboard.RecentEvents;
import io.voicebroadcast.voice.events.OutboundEvent;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.stream.StreamStatus;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard feed's payloads, as the schema's DashboardBroadcasts and DashboardLevels: the same
 * status DTOs as the API answers (every URL masked), each client event as it left for the clients.
 */
@Component
public class DashboardPayloads {

    /** Event names on the wire. */
    public static final String BROADCASTS = "broadcasts";
    public static final String LEVELS = "levels";

    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    private final StreamingCoordinator streaming;
    private final RoomDirectory rooms;
    private final RecentEvents events;
    private final JsonMapper json;
    private final Clock clock;

    public DashboardPayloads(StreamingCoordinator streaming, RoomDirectory rooms, RecentEvents events, JsonMapper json, Clock clock) {
        this.streaming = streaming;
        this.rooms = rooms;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    public String broadcasts() {
        List<StreamStatus> statuses = streaming.list(null);
        events.retainOnly(statuses.stream().map(StreamStatus::roomId).toList());
        List<DashboardBroadcastDto> broadcasts = new ArrayList<>();
        for (StreamStatus s : statuses) {
            DashboardBroadcastDto b = new DashboardBroadcastDto(s.roomId(), ApiMapper.toDto(s),
                    events.of(s.roomId()).stream().map(this::toDto).toList());
            b.setDisplayName(rooms.find(s.roomId()).map(Room::displayName).orElse(null));
            broadcasts.add(b);
        }
        return json.writeValueAsString(new DashboardBroadcastsDto(clock.instant().atOffset(ZoneOffset.UTC),
                streaming.maxStreams(), broadcasts));
    }

    private DashboardEventDto toDto(OutboundEvent e) {
        return new DashboardEventDto(e.eventName(), e.timestamp().atOffset(ZoneOffset.UTC), json.readValue(e.json(), EVENT));
    }

    public String levels() {
        List<RoomLevelsDto> levels = new ArrayList<>();
        for (UUID room : streaming.activeRoomIds()) {
            levels.add(new RoomLevelsDto(room, streaming.audio(room).participants().stream()
                    .map(p -> new ParticipantLevelDto(p.id(), Math.round(p.levelDbfs() * 10) / 10.0)).toList()));
        }
        return json.writeValueAsString(new DashboardLevelsDto(clock.instant().atOffset(ZoneOffset.UTC), levels));
    }
}
