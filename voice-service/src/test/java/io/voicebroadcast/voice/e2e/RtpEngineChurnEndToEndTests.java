package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.voice.rtpengine.NgAddress;
import io.voicebroadcast.voice.rtpengine.NgClient;
import io.voicebroadcast.voice.rtpengine.NgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The soak's churn, fast: a room in audio mode {@code rtpengine} over ng UDP, one steady participant
 * and, cycle after cycle, two participants (Opus, PCMU) who join and leave through the API. RTPEngine
 * (10.5) keeps every departed participant in the call, so its full {@code query} reply grows by
 * about 1.2 KB a cycle until, past 64 KB, it no longer fits a UDP datagram and RTPEngine sends
 * nothing: a broadcast that relies on it stops hearing new participants (seen in the hour-long
 * soak at about cycle 42). Every cycle's participants must be in the mix while present, and after
 * all cycles a newcomer must be heard with health ok. Printed per cycle: the whole call's query
 * reply (the test's own, "no reply" once it no longer fits) and the mean size of the service's
 * query replies (metric {@code voice_rtpengine_reply_bytes}), which must stay small.
 */
class RtpEngineChurnEndToEndTests extends InProcessService {

    private static final int CYCLES = 64;

    @RegisterExtension
    static final RtpEngineForClass RTPENGINE = new RtpEngineForClass();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.withoutDefaultVideo(r, 41800, "400k");
        RTPENGINE.propertiesWithQuickRetries(r);
    }

    private UUID room;

    private Set<String> mixed() {
        List<String> ids = new ArrayList<>();
        for (JsonNode p : e2e.status(room).json().path("participants")) {
            ids.add(p.path("participantId").asString());
        }
        return Set.copyOf(ids);
    }

    /** The reply's size in bytes, or "no reply" (too large for a UDP datagram: RTPEngine sends none). */
    private static String querySize(NgClient probe, AtomicInteger replyBytes, Map<String, Object> request) {
        try {
            replyBytes.set(-1);
            probe.call(request);
            return replyBytes.get() + " B";
        } catch (NgException e) {
            return "no reply";
        }
    }

    @Test
    void sixtyFourJoinLeaveCycles_everyCycleMixed_andANewcomerHeardAfterwards() {
        JsonHttp.Response created = e2e.api().post("/voice/room/create", Map.of("tier", "scaled", "audioMode", "rtpengine"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        room = e2e.keep(UUID.fromString(created.text("roomId")));
        int steadyPort = RtpEngineParticipant.join(e2e.api(), room, "steady", RtpTone.Codec.OPUS, 31_440);
        e2e.closeLater(RtpTone.start(steadyPort, 440, RtpTone.Codec.OPUS));
        JsonHttp.Response started = e2e.api().post("/voice/room/stream/start",
                Map.of("roomId", room.toString(), "rtmpOutputUrl", nginx().outputUrl(secretKey())));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> mixed().contains("steady"));

        // The test's own look at the call, as an operator would take it: the full query's size.
        AtomicInteger replyBytes = new AtomicInteger(-1);
        NgClient probe = new NgClient(new NgClient.Settings(NgAddress.parse(RTPENGINE.daemon().ngAddress()), Duration.ofMillis(300), 0),
                (command, request, reply) -> replyBytes.set(reply.length));
        Map<Integer, String> sizes = new TreeMap<>();
        double queryBytes = 0;
        double queries = 0;
        for (int n = 1; n <= CYCLES; n++) {
            String opus = "p" + n + "-opus";
            String pcmu = "p" + n + "-pcmu";
            RtpEngineParticipant.join(e2e.api(), room, opus, RtpTone.Codec.OPUS, 32_000 + n);
            RtpEngineParticipant.join(e2e.api(), room, pcmu, RtpTone.Codec.PCMU, 33_000 + n);
            int cycle = n;
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(mixed()).as("the mix in cycle %d (%s)", cycle, e2e.status(room).body())
                            .containsExactlyInAnyOrder("steady", opus, pcmu));
            assertThat(RtpEngineParticipant.leave(e2e.api(), room, opus).status()).isEqualTo(204);
            assertThat(RtpEngineParticipant.leave(e2e.api(), room, pcmu).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(mixed()).as("the mix after cycle %d", cycle).containsExactly("steady"));
            String full = querySize(probe, replyBytes, new HashMap<>(Map.of("command", "query", "call-id", room.toString())));
            // What the service's own queries cost: their mean reply size during this cycle.
            double sum = e2e.metric("voice_rtpengine_reply_bytes_sum", "command=\"query\"");
            double count = e2e.metric("voice_rtpengine_reply_bytes_count", "command=\"query\"");
            String ours = count > queries ? Math.round((sum - queryBytes) / (count - queries)) + " B" : "none";
            queryBytes = sum;
            queries = count;
            sizes.put(n, full + "/" + ours);
        }
        System.out.println("whole call's query reply / the service's query replies, per cycle: "
                + sizes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));

        assertThat(e2e.metric("voice_rtpengine_reply_bytes_max", "command=\"query\""))
                .as("the largest query reply the service received (bytes)").isLessThan(16_000);

        int newcomerPort = RtpEngineParticipant.join(e2e.api(), room, "newcomer", RtpTone.Codec.PCMU, 34_000);
        e2e.closeLater(RtpTone.start(newcomerPort, 1000, RtpTone.Codec.PCMU));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            Map<String, Double> levels = new HashMap<>();
            for (JsonNode p : st.json().path("participants")) {
                levels.put(p.path("participantId").asString(), p.path("levelDbfs").asDouble());
            }
            assertThat(levels).as(st.body()).containsOnlyKeys("steady", "newcomer");
            assertThat(levels.get("newcomer")).as("newcomer level").isGreaterThan(-30);
            assertThat(levels.get("steady")).as("the steady participant's level, after all the cycles").isGreaterThan(-30);
            assertThat(st.text("healthMessage")).as("health message").doesNotContain("RTPEngine");
        });
        e2e.stop(room);
    }
}
