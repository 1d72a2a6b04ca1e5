package io.voicebroadcast.voice.rtpengine;

import static io.voicebroadcast.voice.rtpengine.BencodeTests.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport alone, with a fixed cookie: framing, resending on a new TCP connection, and the
 * failures a TCP peer can cause, against scripted servers on 127.0.0.1.
 */
class NgTransportTests {

    private static final Duration TIMEOUT = Duration.ofMillis(150);
    private static final int RETRIES = 2;
    private static final Duration NEVER_HANGS = Duration.ofSeconds(3);
    private static final String COOKIE = "c0ffee";
    private static final byte[] PING = "d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAMED_PING = FakeNgServer.withCookie(COOKIE, PING);

    private final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private static NgTransport transport(String address, int maxReplyBytes) {
        return new NgTransport(NgAddress.parse(address), TIMEOUT, RETRIES, maxReplyBytes, () -> COOKIE);
    }

    @Test
    void request_isFramedAsCookieSpaceBody_andTheReplyComesBackWithoutTheCookie() throws IOException {
        FakeNgServer server = new FakeNgServer();
        servers.add(server);
        server.then(FakeNgServer.Reply.with(recorded("ping")));

        byte[] reply = transport(server.address(), 1_024).exchange("ping", PING);

        assertThat(reply).isEqualTo(recorded("ping"));
        assertThat(server.requests).singleElement().satisfies(r -> {
            assertThat(r.cookie()).isEqualTo(COOKIE);
            assertThat(r.datagram()).isEqualTo(FRAMED_PING);
        });
    }

    @Test
    void overTcp_noReply_isSentAgainOnANewConnectionWithTheSameBytes_thenTimesOut() throws IOException {
        TcpPeer peer = tcpPeer((request, socket) -> socket.getInputStream().read());

        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(() -> transport(peer.address(), 1_024).exchange("ping", PING))
                        .isInstanceOfSatisfying(NgTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(RETRIES + 1))
                        .hasMessage("no reply to 'ping' from " + peer.address() + " after 3 attempts of 150 ms"));
        await().untilAsserted(() -> assertThat(peer.requests).hasSize(RETRIES + 1).allSatisfy(r -> assertThat(r).isEqualTo(FRAMED_PING)));
    }

    @Test
    void overTcp_aConnectionClosedBeforeTheReply_givesNgTransportException_afterEveryAttempt() throws IOException {
        TcpPeer peer = tcpPeer((request, socket) -> { });

        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(() -> transport(peer.address(), 1_024).exchange("ping", PING))
                        .isInstanceOfSatisfying(NgTransportException.class, e -> assertThat(e.retryable()).isTrue())
                        .hasMessageContaining("RTPEngine closed the connection before replying"));
        await().untilAsserted(() -> assertThat(peer.requests).hasSize(RETRIES + 1));
    }

    @Test
    void overTcp_aReplyLargerThanTheReceiveBuffer_givesNgProtocolException_atOnce() throws IOException {
        byte[] huge = ("2000:" + "x".repeat(2_000)).getBytes(StandardCharsets.US_ASCII);
        TcpPeer peer = tcpPeer((request, socket) -> reply(socket, FakeNgServer.withCookie(COOKIE, huge)));

        assertThatThrownBy(() -> transport(peer.address(), 1_024).exchange("query", PING))
                .isInstanceOf(NgProtocolException.class)
                .hasMessage("reply to 'query' is larger than the 1024-byte receive buffer");
        assertThat(peer.requests).hasSize(1);
    }

    @Test
    void overTcp_bytesThatAreNoBencode_giveNgProtocolException_atOnce() throws IOException {
        TcpPeer peer = tcpPeer((request, socket) -> reply(socket, (COOKIE + " <html>").getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> transport(peer.address(), 1_024).exchange("ping", PING))
                .isInstanceOf(NgProtocolException.class)
                .hasMessageStartingWith("reply to 'ping' is not bencode: ");
        assertThat(peer.requests).hasSize(1);
    }

    private static void reply(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        socket.getInputStream().read(); // until the client closes
    }

    private TcpPeer tcpPeer(Script script) throws IOException {
        TcpPeer peer = new TcpPeer(script);
        servers.add(peer);
        return peer;
    }

    /** What the peer does with one connection once it has read the request. */
    @FunctionalInterface
    private interface Script {
        void serve(byte[] request, Socket socket) throws IOException;
    }

    /** A TCP ng peer on 127.0.0.1 that reads one framed ping per connection, then follows its script. */
    private static final class TcpPeer implements AutoCloseable {

        final List<byte[]> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket listener;
        private final Script script;

        TcpPeer(Script script) throws IOException {
            this.listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            this.script = script;
            Thread t = new Thread(this::acceptAll, "ng-tcp-peer-" + listener.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        String address() {
            return "tcp://127.0.0.1:" + listener.getLocalPort();
        }

        private void acceptAll() {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    byte[] request = socket.getInputStream().readNBytes(FRAMED_PING.length);
                    requests.add(request);
                    script.serve(request, socket);
                } catch (SocketException e) {
                    // the client gave up on this connection, or the peer was closed
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
