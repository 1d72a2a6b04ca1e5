package io.voicebroadcast.gamesession.broadcast;

import static io.voicebroadcast.gamesession.testing.Destinations.SRT;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_PASSPHRASE;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_STREAM_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.gamesession.voice.StreamDestination;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A configuration's destinations: the request's two fields combined, the rules checked, every URL masked. */
class BroadcastConfigTests {

    static final String KEY = "sk_live_4f1c9e2a7b";
    static final String OUT = "rtmp://live.example.com/app/" + KEY;
    final UUID session = UUID.randomUUID();

    private BroadcastConfig config(String rtmpOutputUrl, StreamDestination... more) {
        return new BroadcastConfig(session, rtmpOutputUrl, List.of(more), null, null, List.of(), null);
    }

    @Test
    void rtmpOutputUrl_isTheFirstDestination_thenTheOthersInOrder() {
        BroadcastConfig c = config(" " + OUT + " ", new StreamDestination("srt", SRT), new StreamDestination(null, "rtmps://b.example.com/app/k2"));

        assertThat(c.destinations()).extracting(StreamDestination::url).containsExactly(OUT, SRT, "rtmps://b.example.com/app/k2");
        assertThat(c.rtmpOutputUrl()).isEqualTo(OUT);
        assertThat(config(null, new StreamDestination("srt", SRT)).rtmpOutputUrl()).as("destinations only").isEqualTo(SRT);
    }

    @Test
    void theRules_areRequestErrors_thatNameTheFieldAndNeverTheUrl() {
        List<StreamDestination> many = new ArrayList<>();
        for (int i = 0; i < BroadcastConfig.MAX_DESTINATIONS; i++) {
            many.add(new StreamDestination(null, "rtmp://h.example.com/app/" + KEY + i));
        }

        assertRejected(() -> config(null), "rtmpOutputUrl", "needs a destination");
        assertRejected(() -> config("   "), "rtmpOutputUrl", "blank");
        assertRejected(() -> config(OUT, new StreamDestination(null, " ")), "destinations[0].url", "blank");
        assertRejected(() -> config(OUT, new StreamDestination(null, OUT + " ")), "destinations", "2nd destination's URL is given before");
        assertRejected(() -> config(OUT, new StreamDestination("a", SRT), new StreamDestination("a", SRT + "x")), "destinations", "'a' is given twice");
        assertRejected(() -> config(OUT, new StreamDestination("no/slash", SRT)), "destinations", "destinationId");
        assertRejected(() -> config(OUT, many.toArray(StreamDestination[]::new)), "destinations", "at most 20");
    }

    private static void assertRejected(Runnable r, String field, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidBroadcastRequestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message).doesNotContain(KEY).doesNotContain(SRT_PASSPHRASE);
        });
    }

    @Test
    void toString_masksEveryDestination_theSrtQueryWhole() {
        BroadcastConfig c = config(OUT, new StreamDestination("srt", SRT), new StreamDestination(null, "http://live.example.com/app/" + KEY + "x"));

        assertThat(c.toString()).contains("rtmp://live.example.com/app/****", "srt=srt://srt.example.com:9000?****",
                "http://live.example.com/app/****").doesNotContain(KEY).doesNotContain(SRT_STREAM_ID).doesNotContain(SRT_PASSPHRASE);
        assertThat(c.named(null).toString()).contains("d1=rtmp://live.example.com/app/****", "d2=http://");
    }

    /** FFmpeg takes an SRT streamid with '#' in it (e.g. "#!::r=live/KEY,m=publish"): a fragment to a URL parser, masked too. */
    @Test
    void anSrtStreamIdWithAHash_isMaskedWhole() {
        String srt = "srt://srt.example.com:9000?streamid=#!::r=live/" + KEY + ",m=publish&passphrase=" + SRT_PASSPHRASE;

        assertThat(new StreamDestination("srt", srt).maskedUrl()).isEqualTo("srt://srt.example.com:9000?****#****");
    }
}
