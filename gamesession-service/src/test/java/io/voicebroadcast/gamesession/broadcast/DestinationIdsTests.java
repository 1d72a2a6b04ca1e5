package io.voicebroadcast.gamesession.broadcast;

import static io.voicebroadcast.gamesession.testing.Destinations.OTHER;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT;
import static io.voicebroadcast.gamesession.testing.Destinations.TWITCH;
import static io.voicebroadcast.gamesession.testing.Destinations.YOUTUBE;
import static io.voicebroadcast.gamesession.testing.Destinations.d;
import static io.voicebroadcast.gamesession.testing.Destinations.unnamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.gamesession.voice.StreamDestination;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How destinations given without an id are named, so that a reconfiguration changes only what changed. */
class DestinationIdsTests {

    @Test
    void aFirstConfiguration_isNamedD1D2InOrder_aroundTheIdsGiven() {
        assertThat(DestinationIds.assign(List.of(unnamed(TWITCH), d("d2", SRT), unnamed(YOUTUBE)), List.of()))
                .containsExactly(d("d1", TWITCH), d("d2", SRT), d("d3", YOUTUBE));
        assertThat(DestinationIds.assign(List.of(unnamed(TWITCH), d("d1", SRT)), List.of()))
                .as("d1 is taken by the caller").containsExactly(d("d2", TWITCH), d("d1", SRT));
    }

    @Test
    void aUrlConfiguredBefore_keepsItsId_whateverItsPlace() {
        List<StreamDestination> before = List.of(d("d1", TWITCH), d("d2", YOUTUBE), d("d3", SRT));

        assertThat(DestinationIds.assign(List.of(unnamed(TWITCH), unnamed(SRT)), before))
                .as("d2 removed: SRT stays d3, so only d2's publish session ends").containsExactly(d("d1", TWITCH), d("d3", SRT));
    }

    /** As the voice stream's update does: a new rtmpOutputUrl replaces the first destination. */
    @Test
    void aNewFirstUrl_takesThePreviousFirstsId() {
        List<StreamDestination> before = List.of(d("d1", TWITCH), d("d2", YOUTUBE));

        assertThat(DestinationIds.assign(List.of(unnamed(OTHER), unnamed(YOUTUBE)), before)).containsExactly(d("d1", OTHER), d("d2", YOUTUBE));
    }

    @Test
    void aNewFirstUrl_whileThePreviousFirstIsStillConfigured_getsANewId() {
        List<StreamDestination> before = List.of(d("d1", TWITCH));

        assertThat(DestinationIds.assign(List.of(unnamed(OTHER), unnamed(TWITCH)), before)).containsExactly(d("d2", OTHER), d("d1", TWITCH));
    }

    /** An id never names another URL while the old one may still be on air: a new URL gets an id neither configuration uses. */
    @Test
    void aNewUrl_getsTheLowestIdNeitherConfigurationUses() {
        List<StreamDestination> before = List.of(d("d1", TWITCH), d("d2", YOUTUBE));

        assertThat(DestinationIds.assign(List.of(unnamed(TWITCH), unnamed(SRT)), before)).containsExactly(d("d1", TWITCH), d("d3", SRT));
    }

    @Test
    void anIdGivenByTheCaller_wins_overTheOneTheUrlHadBefore() {
        List<StreamDestination> before = List.of(d("d1", TWITCH), d("d2", YOUTUBE));

        assertThat(DestinationIds.assign(List.of(d("d2", TWITCH), unnamed(YOUTUBE)), before)).containsExactly(d("d2", TWITCH), d("d3", YOUTUBE));
    }
}
