package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.participant.RoomParticipants;
import io.voicebroadcast.voice.room.InMemoryRoomDirectory;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.voice.room.Rooms;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rooms: where they live, and the service that creates and deletes them with the participant and streaming sides. */
@Configuration(proxyBeanMethods = false)
class RoomConfiguration {

    @Bean
    RoomDirectory roomDirectory(Clock clock) {
        return new InMemoryRoomDirectory(clock);
    }

    @Bean
    Rooms rooms(RoomDirectory directory, RoomParticipants audio, StreamingCoordinator broadcast) {
        return new Rooms(directory, audio, broadcast);
    }
}
