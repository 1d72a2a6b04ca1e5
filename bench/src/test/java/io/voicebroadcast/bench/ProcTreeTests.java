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
}
