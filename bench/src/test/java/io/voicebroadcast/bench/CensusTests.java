package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CensusTests {

    @Test
    void threadsOfOnePool_countAsOneKind_andOnlyTheKindsThatChangedAreTold() {
        Census start = Census.of(List.of("http-nio-8080-exec-1", "http-nio-8080-exec-2", "process reaper", "rtp-input-42200"));
        Census end = Census.of(List.of("http-nio-8080-exec-1", "http-nio-8080-exec-7", "http-nio-8080-exec-9", "rtp-input-42201"));

        assertThat(end.counts()).containsEntry("http-nio-#-exec-#", 3L).containsEntry("rtp-input-#", 1L);
        assertThat(end.total()).isEqualTo(4);
        assertThat(end.changesSince(start)).isEqualTo("+1 http-nio-#-exec-#, -1 process reaper");
        assertThat(end.changesSince(end)).isEmpty();
    }

    @Test
    void aChangeWithinABoundedPool_isExplained_anyOtherChangeOrAPoolPastItsBoundIsNot() {
        Census start = Census.of(List.of("rabbitConnectionFactory1", "rtp-input-1", "main"));
        Map<String, Integer> pools = Map.of("rabbitConnectionFactory#", 3);

        assertThat(Census.of(List.of("rabbitConnectionFactory5", "rabbitConnectionFactory6", "rtp-input-1", "main"))
                .changedOnlyWithin(start, pools)).isTrue();
        assertThat(Census.of(List.of("rabbitConnectionFactory1", "rtp-input-1", "rtp-input-2", "main"))
                .changedOnlyWithin(start, pools)).as("one more RTP input: a leak suspect").isFalse();
        assertThat(Census.of(List.of("rabbitConnectionFactory1", "rabbitConnectionFactory2", "rabbitConnectionFactory3",
                "rabbitConnectionFactory4", "rtp-input-1", "main")).changedOnlyWithin(start, pools)).as("past its bound").isFalse();
    }
}
