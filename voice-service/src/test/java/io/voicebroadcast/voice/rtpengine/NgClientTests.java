package io.voicebroadcast.voice.rtpengine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicebroadcast.voice.rtpengine.BencodeTests.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The ng client against a scripted server on 127.0.0.1 that replays replies recorded from RTPEngine 10.5. */
class NgClientTests {

    private static final Duration TIMEOUT = Duration.ofMillis(150);
    private static final int RETRIES = 2;
    /** Every failure must come well within (retries + 1) x timeout, never hang. */
    private static final Duration NEVER_HANGS = Duration.ofSeconds(3);

    private FakeNgServer server;
    private NgClient client;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void setUp() throws IOException {
        server = new FakeNgServer();
        client = clientFor(server.address(), NgClient.Settings.DEFAULT_MAX_REPLY_BYTES);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(NgClient.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(NgClient.class)).detachAppender(logs);
        server.close();
    }

    private static NgClient clientFor(String address, int maxReplyBytes) {
        return new NgClient(new NgClient.Settings(NgAddress.parse(address), TIMEOUT, RETRIES, maxReplyBytes));
    }

    @Test
    void publish_sendsTheOfferWithTrustAddress_andReturnsRtpEnginesAnswer() {
        server.then(FakeNgServer.Reply.with(recorded("publish-alice")));

        String answer = client.publish("room-1", "alice", "v=0\r\n...offer...");

        assertThat(answer).startsWith("v=0\r\n").contains("m=audio ").contains("a=recvonly\r\n");
        Map<String, Object> sent = server.requests.get(0).body();
        assertThat(sent).containsEntry("command", "publish").containsEntry("call-id", "room-1")
                .containsEntry("from-tag", "alice").containsEntry("flags", List.of("trust address"))
                .containsEntry("sdp", "v=0\r\n...offer...");
    }

    @Test
    void subscribeRequest_readsTheUnsortedReply_andKeepsRtpEnginesTagOrder() {
        server.then(FakeNgServer.Reply.with(recorded("subscribe-request-two")));

        SubscribeOffer offer = client.subscribeRequest("room-1", "broadcast", List.of("alice", "bob"), Optional.empty());

        assertThat(offer.fromTags()).containsExactly("alice", "bob");
        assertThat(offer.toTag()).isEqualTo("broadcast");
        assertThat(offer.sdp()).contains("a=sendonly");
        Map<String, Object> sent = server.requests.get(0).body();
        assertThat(sent).containsEntry("command", "subscribe request").containsEntry("to-tag", "broadcast")
                .containsEntry("from-tags", List.of("alice", "bob")).containsEntry("transport protocol", "RTP/AVP")
                .doesNotContainKey("codec");
    }

    @Test
    void subscribeRequestWithTranscoding_asksForTheCodec_andTheAnswerAllowsTranscoding() {
        server.then(FakeNgServer.Reply.with(recorded("subscribe-request-transcode")))
                .then(FakeNgServer.Reply.with(recorded("subscribe-answer")));

        SubscribeOffer offer = client.subscribeRequest("room-1", "broadcast", List.of("carol"), Optional.of("PCMU"));
        client.subscribeAnswer("room-1", "broadcast", "v=0\r\n", true);

        assertThat(offer.fromTags()).containsExactly("carol");
        assertThat(server.requests.get(0).body()).containsEntry("codec", Map.of("transcode", List.of("PCMU")));
        assertThat(server.requests.get(1).body()).containsEntry("command", "subscribe answer")
                .containsEntry("flags", List.of("trust address", "asymmetric", "allow transcoding"));
    }

    /**
     * Measured on 10.5 after a daemon restart: a client still sending to a port that RTPEngine now
     * uses for our subscription section made RTPEngine send that source's stream to the client,
     * our answered port received nothing. "asymmetric" keeps it on the address we answered.
     */
    @Test
    void subscribeAnswer_isAsymmetric_soAStraySenderCannotDivertTheStream() {
        server.then(FakeNgServer.Reply.with(recorded("subscribe-answer")));

        client.subscribeAnswer("room-1", "broadcast", "v=0\r\n");

        assertThat(server.requests.get(0).body()).containsEntry("command", "subscribe answer")
                .containsEntry("flags", List.of("trust address", "asymmetric"));
    }

    @Test
    void errorReply_becomesNgErrorException_withTheReason_andIsNotRetried() {
        server.then(FakeNgServer.Reply.with(recorded("error-unknown-call")));

        assertThatThrownBy(() -> client.unsubscribe("gone", "broadcast"))
                .isInstanceOfSatisfying(NgErrorException.class, e -> {
                    assertThat(e.errorReason()).isEqualTo("Unknown call-ID");
                    assertThat(e.command()).isEqualTo("unsubscribe");
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessage("RTPEngine rejected 'unsubscribe': Unknown call-ID");
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void warningReply_succeeds_andLogsTheWarning() {
        server.then(FakeNgServer.Reply.with(recorded("delete-warning")));

        client.delete("room-1", "alice");

        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("delete").contains("room-1")
                    .contains("Call-ID not found or tags didn't match");
        });
        assertThat(server.requests.get(0).body()).containsEntry("delete delay", 0L);
    }

    @Test
    void replyWithAnotherCookie_isIgnored_andOursIsTaken() {
        server.then(r -> List.of(
                FakeNgServer.withCookie("someone-else", recorded("error-unknown-call")),
                FakeNgServer.withCookie(r.cookie(), recorded("ping"))));

        client.ping();

        assertThat(server.requests).hasSize(1);
    }

    @Test
    void lostReply_isRetriedWithTheSameCookieAndBytes() {
        server.then(FakeNgServer.Reply.lost()).then(FakeNgServer.Reply.with(recorded("publish-bob")));

        String answer = client.publish("room-1", "bob", "v=0\r\n");

        assertThat(answer).contains("PCMU/8000");
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1).cookie()).isEqualTo(server.requests.get(0).cookie());
        assertThat(server.requests.get(1).datagram()).isEqualTo(server.requests.get(0).datagram());
    }

    @Test
    void everyCookieIsNew() {
        server.then(FakeNgServer.Reply.with(recorded("ping")));

        client.ping();
        client.ping();

        assertThat(server.requests.get(0).cookie()).isNotEqualTo(server.requests.get(1).cookie());
    }

    @Test
    void noReplyAtAll_givesNgTimeoutException_afterEveryRetry() {
        server.then(r -> List.of(FakeNgServer.withCookie("stale", recorded("ping"))));

        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(client::ping)
                        .isInstanceOfSatisfying(NgTimeoutException.class, e -> {
                            assertThat(e.attempts()).isEqualTo(RETRIES + 1);
                            assertThat(e.retryable()).isTrue();
                        })
                        .hasMessageContaining("no reply to 'ping' from " + server.address() + " after 3 attempts of 150 ms")
                        .hasMessageContaining("ignored 3 other replies (last: cookie stale)"));
        assertThat(server.requests).hasSize(RETRIES + 1).extracting(FakeNgServer.Request::cookie).containsOnly(server.requests.get(0).cookie());
    }

    @Test
    void malformedReply_givesNgProtocolException_atOnce() {
        server.then(FakeNgServer.Reply.with("d6:result2:ok"));

        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(client::ping)
                        .isInstanceOf(NgProtocolException.class)
                        .hasMessageContaining("reply to 'ping' is not a bencoded dictionary")
                        .hasMessageContaining("input ends"));
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void replyWithoutResult_orWithoutItsSdp_givesNgProtocolException() {
        server.then(FakeNgServer.Reply.with("d3:foo3:bare")).then(FakeNgServer.Reply.with("d6:result2:oke"));

        assertThatThrownBy(client::ping).isInstanceOf(NgProtocolException.class).hasMessageContaining("has result null");
        assertThatThrownBy(() -> client.publish("room-1", "x", "v=0\r\n"))
                .isInstanceOf(NgProtocolException.class).hasMessage("reply to 'publish' has no 'sdp'");
    }

    @Test
    void replyLargerThanTheReceiveBuffer_givesNgProtocolException() {
        byte[] query = recorded("query-subscribed");
        NgClient small = clientFor(server.address(), 1_024);
        server.then(FakeNgServer.Reply.with(query));

        assertThat(query.length).isGreaterThan(1_024);
        assertThatThrownBy(() -> small.query("room-1"))
                .isInstanceOf(NgProtocolException.class)
                .hasMessage("reply to 'query' is larger than the 1024-byte receive buffer");
    }

    @Test
    void query_listsTagsThatSendAudio_notTheSubscriber_norDeletedParticipants() {
        server.then(FakeNgServer.Reply.with(recorded("query-subscribed")))
                .then(FakeNgServer.Reply.with(recorded("query-after-delete")));

        assertThat(client.query("room-two")).containsExactly("alice", "bob");
        assertThat(client.query("room-two")).containsExactly("bob");
    }

    @Test
    void queryTag_asksAboutOneTag_andListsWhatItsReplyNames() {
        server.then(FakeNgServer.Reply.with(recorded("query-subscribed")))
                .then(FakeNgServer.Reply.with(recorded("error-unknown-call")));

        assertThat(client.queryTag("room-two", "broadcast")).containsEntry("alice", true).containsEntry("bob", true)
                .containsEntry("broadcast", false);
        assertThat(server.requests.get(0).body()).containsEntry("command", "query").containsEntry("from-tag", "broadcast");
        assertThatThrownBy(() -> client.queryTag("room-two", "broadcast")).isInstanceOf(NgErrorException.class);
    }

    @Test
    void defaultReplyCap_isAUdpDatagram_overUdp_andOneMegabyte_overTcp() {
        assertThat(new NgClient.Settings(NgAddress.parse("udp://127.0.0.1:22222"), Duration.ofSeconds(1), 2).maxReplyBytes())
                .isEqualTo(64 * 1024);
        assertThat(new NgClient.Settings(NgAddress.parse("tcp://127.0.0.1:22222"), Duration.ofSeconds(1), 2).maxReplyBytes())
                .isEqualTo(1024 * 1024);
    }

    @Test
    void publishes_isFalseForAnUnknownCallOrTag() {
        server.then(FakeNgServer.Reply.with(recorded("query-subscribed")))
                .then(FakeNgServer.Reply.with(recorded("error-unknown-call")));

        assertThat(client.publishes("room-two", "alice")).isTrue();
        assertThat(client.publishes("room-two", "alice")).isFalse();
    }

    @Test
    void nothingListening_givesRetryableNgTransportException_quickly() throws IOException {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = s.getLocalPort();
        }
        NgClient toNowhere = clientFor("udp://127.0.0.1:" + closedPort, NgClient.Settings.DEFAULT_MAX_REPLY_BYTES);

        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(toNowhere::ping)
                        .isInstanceOfSatisfying(NgException.class, e -> assertThat(e.retryable()).isTrue()));
    }

    @Test
    void overTcp_aReplySplitAcrossSegments_isReassembled_andOtherCookiesAreSkipped() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    String cookie = readCookie(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(FakeNgServer.withCookie("other", "d6:result2:oke".getBytes(StandardCharsets.US_ASCII)));
                    byte[] reply = FakeNgServer.withCookie(cookie, recorded("publish-alice"));
                    out.write(Arrays.copyOf(reply, 20));
                    out.flush();
                    Thread.sleep(50); // a second segment
                    out.write(Arrays.copyOfRange(reply, 20, reply.length));
                    out.flush();
                    s.getInputStream().read(); // until the client closes
                } catch (IOException | InterruptedException e) {
                    // test over
                }
            });
            serverThread.start();
            NgClient tcp = clientFor("tcp://127.0.0.1:" + listener.getLocalPort(), NgClient.Settings.DEFAULT_MAX_REPLY_BYTES);

            assertThat(tcp.publish("room-1", "alice", "v=0\r\n")).contains("opus/48000/2");
            serverThread.join(NEVER_HANGS.toMillis());
        }
    }

    @Test
    void overTcp_nothingListening_givesNgTransportException() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        NgClient tcp = clientFor("tcp://127.0.0.1:" + closedPort, NgClient.Settings.DEFAULT_MAX_REPLY_BYTES);

        assertThatThrownBy(tcp::ping).isInstanceOf(NgTransportException.class).hasMessageContaining("Connection refused");
    }

    /** Reads "COOKIE d...e" and returns the cookie. */
    private static String readCookie(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            buffer.write(b);
            byte[] bytes = buffer.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int space = text.indexOf(' ');
            if (space > 0) {
                try {
                    Bencode.valueLength(bytes, space + 1, bytes.length - space - 1);
                    return text.substring(0, space);
                } catch (BencodeException e) {
                    // more to read
                }
            }
        }
    }
}
