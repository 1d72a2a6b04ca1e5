package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdpPortAllocatorTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<DatagramSocket> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeSockets() {
        sockets.forEach(DatagramSocket::close);
    }

    private DatagramSocket keep(DatagramSocket socket) {
        sockets.add(socket);
        return socket;
    }

    @Test
    void fiftyConcurrentAllocations_getDistinctBoundPorts() throws Exception {
        UdpPortAllocator allocator = new UdpPortAllocator(LOOPBACK, 41_200, 41_299);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<DatagramSocket>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tasks.add(() -> keep(allocator.allocate()));
            }
            List<Integer> ports = new ArrayList<>();
            for (Future<DatagramSocket> f : pool.invokeAll(tasks)) {
                DatagramSocket socket = f.get();
                assertThat(socket.isBound()).isTrue();
                assertThat(socket.getLocalAddress()).isEqualTo(LOOPBACK);
                ports.add(socket.getLocalPort());
            }

            assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(41_200, 41_299));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void portUsedBySomeoneElse_isSkipped() throws Exception {
        DatagramSocket squatter = keep(new DatagramSocket(new InetSocketAddress(LOOPBACK, 41_310)));
        UdpPortAllocator allocator = new UdpPortAllocator(LOOPBACK, squatter.getLocalPort(), 41_312);

        assertThat(keep(allocator.allocate()).getLocalPort()).isEqualTo(41_311);
    }

    @Test
    void exhaustedRange_failsClearly_andRecoversWhenAPortIsReleased() {
        UdpPortAllocator allocator = new UdpPortAllocator(LOOPBACK, 41_320, 41_322);
        DatagramSocket first = keep(allocator.allocate());
        keep(allocator.allocate());
        keep(allocator.allocate());

        assertThatThrownBy(allocator::allocate)
                .isInstanceOf(UdpPortAllocator.UdpPortsExhaustedException.class)
                .hasMessageContaining("no free UDP port in 127.0.0.1:41320-41322 (all 3 in use)");

        first.close();
        assertThat(keep(allocator.allocate()).getLocalPort()).isEqualTo(41_320);
    }

    @Test
    void releasedPort_isNotReusedWhileOthersAreFree() {
        UdpPortAllocator allocator = new UdpPortAllocator(LOOPBACK, 41_330, 41_339);
        DatagramSocket first = allocator.allocate();
        int firstPort = first.getLocalPort();
        first.close();

        Set<Integer> next = List.of(keep(allocator.allocate()), keep(allocator.allocate())).stream()
                .map(DatagramSocket::getLocalPort).collect(Collectors.toSet());

        assertThat(next).doesNotContain(firstPort);
    }

    @Test
    void invalidRange_isRejected() {
        assertThatThrownBy(() -> new UdpPortAllocator(LOOPBACK, 5000, 4000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpPortAllocator(LOOPBACK, 0, 4000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpPortAllocator(LOOPBACK, 4000, 70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
