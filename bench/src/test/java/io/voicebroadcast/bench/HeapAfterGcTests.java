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

    @Test
    void theSerialCollectorsGenerations_addUp() {
        // the service's collector (SerialGC): one line per generation, the spaces indented further
        String answer = """
                21243:
                 def new generation   total 22144K, used 15884K [0x000000050ea00000, 0x0000000510200000, 0x0000000510200000)
                  eden space 19712K,  77% used [0x000000050ea00000, 0x000000050f8f9ac0, 0x000000050fd40000)
                  from space 2432K,  22% used [0x000000050fd40000, 0x000000050fdc97f0, 0x000000050ffa0000)
                  to   space 2432K,   0% used [0x000000050ffa0000, 0x000000050ffa0000, 0x0000000510200000)
                 tenured generation   total 362496K, used 35070K [0x0000000510200000, 0x0000000526400000, 0x0000000800000000)
                   the space 362496K,   9% used [0x0000000510200000, 0x000000051243f8b0, 0x000000051243fa00, 0x0000000526400000)
                 Metaspace       used 60627K, committed 61376K, reserved 1114112K
                  class space    used 7859K, committed 8256K, reserved 1048576K
                """;

        HeapAfterGc heap = HeapAfterGc.parse(answer, true);

        assertThat(heap.heapMiB()).isCloseTo((15884 + 35070) / 1024.0, within(0.001));
        assertThat(heap.metaspaceMiB()).isCloseTo(60627 / 1024.0, within(0.001));
    }

    @Test
    void anAnswerWithoutAHeap_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HeapAfterGc.parse("21243:\n", true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no heap");
    }
}
