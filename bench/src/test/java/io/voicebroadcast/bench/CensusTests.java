package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
