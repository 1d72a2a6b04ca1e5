package io.voicebroadcast.gamesession.voice;

import static io.voicebroadcast.gamesession.testing.Destinations.OTHER;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_PASSPHRASE;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_STREAM_ID;
import static io.voicebroadcast.gamesession.testing.Destinations.TWITCH;
import static io.voicebroadcast.gamesession.testing.Destinations.YOUTUBE;
import static io.voicebroadcast.gamesession.testing.Destinations.d;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which destination calls turn a running stream's destinations into the wanted ones. */
class DestinationPlanTests {

    @Test
    void sameDestinations_inAnyOrder_needNothing() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d2", YOUTUBE), d("d1", TWITCH)));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aNewDestination_isAdded_andNothingElseMoves() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH)), List.of(d("d1", TWITCH), d("srt", SRT)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of(), null, List.of(d("srt", SRT)), false));
    }

    @Test
    void aDestinationNoLongerWanted_isRemoved() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE), d("d3", SRT)),
                List.of(d("d1", TWITCH), d("d3", SRT)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of("d2"), null, List.of(), false));
    }

    @Test
    void theFirstDestinationsNewUrl_replacesItThroughTheUpdate() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d1", OTHER), d("d2", YOUTUBE)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of(), OTHER, List.of(), false));
    }

    /** Only the voice stream's first destination can be replaced in place; another one is removed and added again. */
    @Test
    void anotherDestinationsNewUrl_isRemovedThenAdded() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d1", TWITCH), d("d2", OTHER)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of("d2"), null, List.of(d("d2", OTHER)), false));
    }

    /** The only destination replaced is still a replacement of the first: no moment without a destination. */
    @Test
    void theOnlyDestinationsNewUrl_isAnUpdate_notARestart() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH)), List.of(d("d1", OTHER)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of(), OTHER, List.of(), false));
    }

    @Test
    void noDestinationStaying_isARestart() {
        assertThat(DestinationPlan.between(List.of(d("d1", TWITCH)), List.of(d("main", TWITCH))).restart()).as("renamed").isTrue();
        assertThat(DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d3", SRT))).restart())
                .as("every one replaced").isTrue();
    }

    @Test
    void removingTheFirst_whileAnotherStays_isARemoval() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d2", YOUTUBE), d("d3", SRT)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of("d1"), null, List.of(d("d3", SRT)), false));
    }

    /** A URL that moves from one id to another is freed (removed) before it is taken (added), as the voice service wants. */
    @Test
    void aUrlMovingToAnotherId_isRemovedBeforeItIsAdded() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d1", TWITCH), d("yt", YOUTUBE)));

        assertThat(plan.removals()).containsExactly("d2");
        assertThat(plan.additions()).containsExactly(d("yt", YOUTUBE));
    }

    /** A stream taken over: the others' URLs are not known, so they are replaced; the first one was set by the update. */
    @Test
    void unknownUrls_neverStay() {
        DestinationPlan plan = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", null)), List.of(d("d1", TWITCH), d("d2", YOUTUBE)));

        assertThat(plan).isEqualTo(new DestinationPlan(List.of("d2"), null, List.of(d("d2", YOUTUBE)), false));
    }

    @Test
    void theRunningList_followsEachCall_asTheVoiceServiceKeepsIt() {
        List<StreamDestination> running = List.of(d("d1", TWITCH), d("d2", YOUTUBE));

        running = DestinationPlan.without(running, "d1");
        running = DestinationPlan.withFirstUrl(running, OTHER);
        running = DestinationPlan.with(running, d("d3", SRT));

        assertThat(running).containsExactly(d("d2", OTHER), d("d3", SRT));
    }

    @Test
    void thePlan_neverShowsAKeyOrAnSrtSecret() {
        String shown = DestinationPlan.between(List.of(d("d1", TWITCH), d("d2", YOUTUBE)), List.of(d("d1", OTHER), d("d3", SRT))).toString();

        assertThat(shown).contains("srt://srt.example.com:9000?****", "rtmps://other.example.com/app/****")
                .doesNotContain("other-key", SRT_PASSPHRASE, SRT_STREAM_ID, "sk_live");
    }
}
