package io.voicebroadcast.testsupport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Expect;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BadRequestsTests {

    static final FuzzTargets TARGETS = new FuzzTargets("voice-token-123", "gamesession-token-456", List.of(UUID.randomUUID(), UUID.randomUUID()),
            UUID.randomUUID(), List.of(UUID.randomUUID()), UUID.randomUUID(), "rtmp://127.0.0.1:1935/out/", 9, Path.of("/srv/allowed"),
            Path.of("/srv/allowed/green.png"), Path.of("/srv/allowed/link.png"), Path.of("/srv/allowed/fifo.png"), List.of(UUID.randomUUID()));

    @Test
    void theSameSeed_givesTheSameRequests() {
        List<BadRequest> a = new BadRequests(42, TARGETS).take(500);
        List<BadRequest> b = new BadRequests(42, TARGETS).take(500);
        List<BadRequest> other = new BadRequests(43, TARGETS).take(500);

        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).path()).isEqualTo(a.get(i).path());
            assertThat(b.get(i).description()).isEqualTo(a.get(i).description());
            assertThat(b.get(i).secrets()).isEqualTo(a.get(i).secrets());
            assertThat(b.get(i).body()).isEqualTo(a.get(i).body());
        }
        assertThat(other.stream().map(BadRequest::description).toList()).isNotEqualTo(a.stream().map(BadRequest::description).toList());
    }

    @Test
    void twoThousandRequests_coverEveryEndpoint_andEveryKind() {
        List<BadRequest> all = new BadRequests(7, TARGETS).take(2000);

        assertThat(all.stream().map(BadRequest::path).collect(Collectors.toSet())).containsAll(BadRequests.PATHS);
        assertThat(all.stream().map(BadRequest::category).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(
                EnumSet.allOf(Category.class));
    }

    @Test
    void aRequestThatMustBeRefused_mayNeverStartAProcess_andEverySecretIsAMarker() {
        for (BadRequest r : new BadRequests(11, TARGETS).take(3000)) {
            if (r.expect() != Expect.ANSWERED || r.category() == Category.FORBIDDEN_ADDRESS || r.category() == Category.PATH_TRAVERSAL) {
                assertThat(r.processesAllowed()).as(r.toString()).isFalse();
            }
            assertThat(r.secrets()).allMatch(s -> s.startsWith(BadInputRun.MARKER_PREFIX));
            assertThat(r.description()).as("descriptions are masked").doesNotContain(BadInputRun.MARKER_PREFIX);
        }
    }

    @Test
    void theForbiddenAddresses_includeEverySpellingTheIssueNames() {
        assertThat(BadRequests.FORBIDDEN_HOSTS).contains("169.254.169.254", "2852039166", "0xa9fea9fe", "0xa9.0xfe.0xa9.0xfe",
                "0251.0376.0251.0376", "169.254.43518", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "169.254.169.254.",
                "[fe80::1]", "[fd00:ec2::254]", "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255");
    }

    @Test
    void expectations_acceptOnlyTheirAnswers() {
        assertThat(Expect.URL_NOT_ALLOWED.accepts(400, BadRequests.URL_NOT_ALLOWED_TYPE)).isTrue();
        assertThat(Expect.URL_NOT_ALLOWED.accepts(400, "https://voice-broadcast.dev/problems/invalid-stream-request")).isFalse();
        assertThat(Expect.URL_NOT_ALLOWED.accepts(200, null)).isFalse();
        assertThat(Expect.NOT_REACHED.accepts(401, null)).isTrue();
        assertThat(Expect.NOT_REACHED.accepts(404, "about:blank")).isTrue();
        assertThat(Expect.NOT_REACHED.accepts(404, "https://voice-broadcast.dev/problems/room-not-found")).as("an endpoint answered").isFalse();
        assertThat(Expect.CLIENT_ERROR.accepts(409, null)).isTrue();
        assertThat(Expect.CLIENT_ERROR.accepts(200, null)).isFalse();
        assertThat(Arrays.stream(Expect.values()).filter(e -> e.accepts(500, null))).isEmpty();
        assertThat(Set.of(Expect.values())).allMatch(e -> !e.accepts(503, null));
    }
}
