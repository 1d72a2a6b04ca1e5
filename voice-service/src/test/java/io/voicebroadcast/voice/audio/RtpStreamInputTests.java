package io.voicebroadcast.voice.audio;

import io.voicebroadcast.testsupport.RtpPacketSender;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RtpStreamInputTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private RtpStreamInput input(DatagramSocket socket) {
        return new RtpStreamInput(socket, RtpPayloadFormat.of("PCMU", 0, 8_000, 1), LOOPBACK,
                JitterBuffer.Settings.DEFAULTS, clock::get, Duration.ofSeconds(2)).start();
    }

    @Test
    void rtcpMalformedAndOtherPayloadTypes_fromTheSender_areCounted_notPlayed() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        try (RtpStreamInput input = input(socket); DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            for (byte[] d : new byte[][] {
                    {1, 2, 3},
                    {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0},
                    RtpPacketSender.datagram(13, 1, 0, 7, new byte[] {10}),
                    RtpPacketSender.datagram(0, 2, 160, 7, new byte[160])}) {
                sender.send(new DatagramPacket(d, d.length, LOOPBACK, input.localPort()));
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                RtpStreamStats stats = input.stats();
                assertThat(stats.malformed()).isEqualTo(1);
                assertThat(stats.ignored()).isEqualTo(2);
                assertThat(stats.packetsReceived()).isEqualTo(1);
                assertThat(stats.droppedUnexpectedSender()).isZero();
                assertThat(stats.lastPacketNanos()).hasValue(clock.get());
            });
        }
    }

    @Test
    void close_releasesThePort_andEndsTheThread() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        int port = socket.getLocalPort();
        RtpStreamInput input = input(socket);

        input.close();

        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("rtp-input-" + port)));
        input.close();
    }
}
