package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class ProcTreeTests {

    @Test
    void socketsAreToldApart_listening_accepted_andOpenedByRemotePort() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            var files = ProcTree.openFileTargets(pid);

            assertThat(files).contains("socket:[tcp listening]", "socket:[tcp accepted]",
                    "socket:[tcp to :" + server.getLocalPort() + "]");
            assertThat(accepted.isConnected() && client.isConnected()).isTrue();
        }
    }

    @Test
    void threadCpu_isSummedByName_withTheNumbersTakenOut() throws Exception {
        Thread a = new Thread(() -> spin(200), "spinner-1");
        Thread b = new Thread(() -> spin(200), "spinner-2");
        a.start();
        b.start();
        Thread.sleep(100); // each names its native thread once it runs
        var cpu = ProcTree.threadCpuSeconds(ProcessHandle.current().pid());
        a.join();
        b.join();
        assertThat(cpu).containsKey("spinner-#").doesNotContainKey("spinner-1");
        assertThat(CpuAndMemory.busiestThreads(java.util.Map.of("a-#", 1.0, "b", 0.0),
                java.util.Map.of("a-#", 2.0, "b", 0.5, "idle", 0.0), 10.0)).isEqualTo("a-# 0.100, b 0.050");
    }

    private static void spin(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
