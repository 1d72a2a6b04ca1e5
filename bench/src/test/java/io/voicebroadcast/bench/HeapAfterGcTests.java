package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeapAfterGcTests {

    @Test
    void jcmdsHeapInfo_givesTheHeapAndMetaspaceInUse() {
        String answer = """
                3953:
                Command executed successfully
                 garbage-first heap   total 57344K, used 5956K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 0 young (0K), 0 survivors (0K)
                 Metaspace       used 8920K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;

        HeapAfterGc heap = HeapAfterGc.parse(answer, true);

        assertThat(heap.heapMiB()).isCloseTo(5.816, within(0.001));
        assertThat(heap.metaspaceMiB()).isCloseTo(8.711, within(0.001));
    }
}
