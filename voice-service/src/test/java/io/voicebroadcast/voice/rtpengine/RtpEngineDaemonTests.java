package io.voicebroadcast.voice.rtpengine;

import io.voicebroadcast.testsupport.Cleanup;
import io.voicebroadcast.testsupport.RtpEngineDaemon;
import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.voice.audio.AudioFormat;
import io.voicebroadcast.voice.audio.AudioMixer;
import io.voicebroadcast.voice.audio.RtpCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Against a real RTPEngine on loopback (Debian's rtpengine-daemon): two FFmpeg participants
 * publish (Opus 440 Hz, PCMU 1000 Hz), the broadcaster subscribes to both with one local port per
 * source, and each source's RTP arrives on its own port with its own SSRC and payload type; fed to
 * the {@link AudioMixer}, both tones are in the one mix.
 *
 * <p>With {@code -Drtpengine.recordDir=DIR} the daemon's replies are written to DIR as
 * {@code NAME.bencode}; {@code src/test/resources/rtpengine} holds such a recording for
 * {@link NgClientTests}.
 */
class RtpEngineDaemonTests {

    private static final String BROADCAST = "broadcast";
    private static final Duration FIRST_PACKETS_TIMEOUT = Duration.ofSeconds(5);
    private static final int PACKETS_TO_SEE = 25;

    private static RtpEngineDaemon daemon;
    private static final Recorder recorder = new Recorder(Optional.ofNullable(System.getProperty("rtpengine.recordDir")).map(Path::of));
    private static NgClient client;
    private static final Cleanup toClose = new Cleanup();

    @BeforeAll
    static void startDaemonAndParticipants() {
        if (!RtpEngineDaemon.isInstalled()) {
            fail("rtpengine-daemon is not installed: apt-get install --no-install-recommends rtpengine-daemon");
        }
        daemon = RtpEngineDaemon.start();
        client = new NgClient(new NgClient.Settings(NgAddress.parse(daemon.ngAddress()), Duration.ofMillis(500), 2), recorder);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        toClose.close();
        if (daemon != null) {
            daemon.close();
            assertThat(daemon.isAlive()).isFalse();
        }
    }

    /** Publishes a participant and starts its FFmpeg tone towards the port RTPEngine answered. */
    private static void join(String room, String tag, RtpTone.Codec codec, int frequencyHz) {
        recorder.next("publish-" + tag);
        String answer = client.publish(room, tag, RtpEngineParticipant.offer(40_000 + codec.payloadType(), codec));
        assertThat(answer).contains("a=recvonly").contains("\r\n");
        toClose.add(RtpTone.start(RtpEngineParticipant.answeredPort(answer), frequencyHz, codec));
    }

    @Test
    void twoPublishers_subscribedWithOnePortEach_arriveAsTwoStreams_withTheirOwnSsrcAndPayloadType() throws Exception {
        String room = "room-two";
        recorder.next("ping");
        client.ping();
        join(room, "alice", RtpTone.Codec.OPUS, 440);
        join(room, "bob", RtpTone.Codec.PCMU, 1000);

        recorder.next("query-two-publishers");
        assertThat(client.query(room)).containsExactly("alice", "bob");

        recorder.next("subscribe-request-two");
        SubscribeOffer offer = client.subscribeRequest(room, BROADCAST, List.of("alice", "bob"), Optional.empty());
        assertThat(offer.fromTags()).containsExactly("alice", "bob");
        SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1");
        List<OfferedSource> sources = sdp.parseOffer(offer);
        assertThat(sources).extracting(OfferedSource::fromTag).containsExactly("alice", "bob");

        PacketCounter alice = counter();
        PacketCounter bob = counter();
        SubscriptionAnswer answer = sdp.answer(sources, Map.of("alice", alice.port(), "bob", bob.port()), Optional.empty());
        recorder.next("subscribe-answer");
        client.subscribeAnswer(room, BROADCAST, answer.sdp());

        await().atMost(FIRST_PACKETS_TIMEOUT).untilAsserted(() -> {
            assertThat(alice.rtp.get()).isGreaterThanOrEqualTo(PACKETS_TO_SEE);
            assertThat(bob.rtp.get()).isGreaterThanOrEqualTo(PACKETS_TO_SEE);
        });
        assertThat(alice.payloadTypes).containsExactly(111);
        assertThat(bob.payloadTypes).containsExactly(0);
        assertThat(alice.ssrcs).hasSize(1);
        assertThat(bob.ssrcs).hasSize(1);
        assertThat(alice.ssrcs).doesNotContainAnyElementsOf(bob.ssrcs);
        // RTPEngine sends from the address and port of its offer: what the mixer lets through.
        assertThat(alice.senders).containsExactly(new InetSocketAddress(sources.get(0).senderHost(), sources.get(0).senderPort()));
        assertThat(bob.senders).containsExactly(new InetSocketAddress(sources.get(1).senderHost(), sources.get(1).senderPort()));
        assertThat(alice.foreignRtcpPort.get()).as("RTCP aimed at port + 1").isZero();

        recorder.next("query-subscribed");
        assertThat(client.query(room)).as("the subscriber is no publisher").containsExactly("alice", "bob");

        recorder.next("unsubscribe");
        client.unsubscribe(room, BROADCAST);
        await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ofMillis(100))
                .until(() -> stableFor(alice, Duration.ofMillis(300)));

        recorder.next("delete-alice");
        client.delete(room, "alice");
        recorder.next("query-after-delete");
        assertThat(client.query(room)).containsExactly("bob");
        recorder.next("delete-warning");
        client.delete(room, "alice");
    }

    @Test
    void subscribeRequestWithTranscoding_offersTheTarget_andOpusArrivesAsPcmu() throws Exception {
        String room = "room-transcode";
        join(room, "carol", RtpTone.Codec.OPUS, 660);
        recorder.next("subscribe-request-transcode");
        SubscribeOffer offer = client.subscribeRequest(room, "broadcast-pcmu", List.of("carol"), Optional.of("PCMU"));
        SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1");
        List<OfferedSource> sources = sdp.parseOffer(offer);
        assertThat(sources.get(0).payloadTypes()).contains(111, 0);

        PacketCounter carol = counter();
        SubscriptionAnswer answer = sdp.answer(sources, Map.of("carol", carol.port()), Optional.of(RtpCodec.PCMU));
        assertThat(answer.accepted().get(0).format().codec()).isEqualTo(RtpCodec.PCMU);
        client.subscribeAnswer(room, "broadcast-pcmu", answer.sdp(), true);

        await().atMost(FIRST_PACKETS_TIMEOUT).until(() -> carol.rtp.get() >= PACKETS_TO_SEE);
        assertThat(carol.payloadTypes).containsExactly(0);
        client.unsubscribe(room, "broadcast-pcmu");
    }

    @Test
    void subscribedSources_mixedInJava_carryBothTonesAtTheirLevel() throws Exception {
        String room = "room-mix";
        join(room, "erin", RtpTone.Codec.OPUS, 440);
        join(room, "frank", RtpTone.Codec.PCMU, 1000);
        SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1");
        List<OfferedSource> sources = sdp.parseOffer(client.subscribeRequest(room, BROADCAST, client.query(room), Optional.empty()));
        AudioMixer mixer = new AudioMixer(AudioMixer.Settings.DEFAULTS, System::nanoTime);
        toClose.add(mixer);
        Map<String, DatagramSocket> sockets = new HashMap<>();
        for (OfferedSource source : sources) {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            toClose.add(socket); // the mixer owns it once added; closing twice is harmless
            sockets.put(source.fromTag(), socket);
        }
        SubscriptionAnswer answer = sdp.answer(sources,
                Map.of("erin", sockets.get("erin").getLocalPort(), "frank", sockets.get("frank").getLocalPort()), Optional.empty());
        for (AnsweredSource source : answer.accepted()) {
            mixer.addSource(source.fromTag(), sockets.get(source.fromTag()), source.format(), InetAddress.getByName(source.senderHost()));
        }
        client.subscribeAnswer(room, BROADCAST, answer.sdp());

        List<short[]> chunks = new CopyOnWriteArrayList<>();
        ScheduledExecutorService frameClock = Executors.newSingleThreadScheduledExecutor();
        try {
            frameClock.scheduleAtFixedRate(() -> {
                short[] chunk = new short[AudioFormat.CHUNK_VALUES];
                mixer.read(chunk);
                chunks.add(chunk);
            }, 0, AudioFormat.CHUNK_MILLIS, TimeUnit.MILLISECONDS);
            // 0.5 s to settle (first packets, playout delay, Opus start-up), then 1 s measured.
            await().atMost(Duration.ofSeconds(5)).until(() -> chunks.size() >= 75);
        } finally {
            frameClock.shutdownNow();
        }

        double[] left = new double[50 * AudioFormat.CHUNK_SAMPLES];
        for (int c = 0; c < 50; c++) {
            short[] chunk = chunks.get(25 + c);
            for (int i = 0; i < AudioFormat.CHUNK_SAMPLES; i++) {
                left[c * AudioFormat.CHUNK_SAMPLES + i] = chunk[2 * i] / 32768.0;
            }
        }
        // FFmpeg's sine has amplitude 1/8; both arrive in the one mix, each within 1.5 dB.
        assertThat(dB(amplitude(left, 440) / 0.125)).isCloseTo(0.0, within(1.5));
        assertThat(dB(amplitude(left, 1000) / 0.125)).isCloseTo(0.0, within(1.5));
        assertThat(mixer.sources()).allSatisfy(s -> {
            assertThat(s.stats().packetsReceived()).isGreaterThan(50);
            assertThat(s.stats().droppedUnexpectedSender()).isZero();
            assertThat(s.levelDbfs()).isCloseTo(-21.1, within(1.5));
        });
        client.unsubscribe(room, BROADCAST);
    }

    private static double dB(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /** Goertzel: amplitude of {@code hz} over whole 100 ms blocks, averaged. */
    private static double amplitude(double[] samples, double hz) {
        int block = 4_800;
        double sum = 0;
        int blocks = samples.length / block;
        for (int b = 0; b < blocks; b++) {
            double coefficient = 2 * Math.cos(2 * Math.PI * hz / AudioFormat.SAMPLE_RATE);
            double previous = 0;
            double beforePrevious = 0;
            for (int i = b * block; i < (b + 1) * block; i++) {
                double current = samples[i] + coefficient * previous - beforePrevious;
                beforePrevious = previous;
                previous = current;
            }
            double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
            sum += 2 * Math.sqrt(Math.max(0, power)) / block;
        }
        return sum / blocks;
    }

    @Test
    void errorReplies_becomeNgErrorException_withRtpEnginesReason() {
        recorder.next("error-unknown-call");
        assertThatThrownBy(() -> client.subscribeRequest("no-such-room", BROADCAST, List.of("x"), Optional.empty()))
                .isInstanceOfSatisfying(NgErrorException.class, e -> assertThat(e.errorReason()).isEqualTo("Unknown call-ID"));
        recorder.next("error-bad-sdp");
        assertThatThrownBy(() -> client.publish("room-bad", "x", "v=0\r\nthis is not sdp\r\n"))
                .isInstanceOfSatisfying(NgErrorException.class, e -> assertThat(e.errorReason()).isEqualTo("Failed to parse SDP"));
    }

    @Test
    void overTcp_theSameCommandsWork() {
        NgClient tcp = new NgClient(new NgClient.Settings(NgAddress.parse(daemon.ngTcpAddress()), Duration.ofMillis(500), 1));
        tcp.ping();
        String answer = tcp.publish("room-tcp", "dave", RtpEngineParticipant.offer(40_200, 8, "PCMA/8000"));
        assertThat(answer).contains("PCMA/8000");
        assertThat(tcp.query("room-tcp")).containsExactly("dave");
        tcp.delete("room-tcp", "dave");
    }

    @Test
    void killedDaemon_givesATransportOrTimeoutError_thenAnswersAfterRestart() {
        // Its own daemon: the others keep theirs.
        try (RtpEngineDaemon own = RtpEngineDaemon.start()) {
            NgClient c = new NgClient(new NgClient.Settings(NgAddress.parse(own.ngAddress()), Duration.ofMillis(200), 1));
            c.ping();
            own.kill();
            assertThatThrownBy(c::ping).isInstanceOfSatisfying(NgException.class, e -> assertThat(e.retryable()).isTrue());
            own.restart();
            c.ping();
        }
    }

    /**
     * After a daemon restart, a client may still send to a port the old daemon held, which the new
     * one hands to our subscription section. Without "asymmetric" in the answer RTPEngine learned
     * that client as the subscriber and sent the source's stream there: our port got nothing.
     */
    @Test
    void strayPacketsOnTheSubscriptionSectionsPort_doNotDivertTheStream() throws Exception {
        String room = "room-stray";
        join(room, "dave", RtpTone.Codec.PCMU, 880);
        SubscribeOffer offer = client.subscribeRequest(room, BROADCAST, List.of("dave"), Optional.empty());
        SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1");
        List<OfferedSource> sources = sdp.parseOffer(offer);
        PacketCounter ours = counter();
        PacketCounter stray = counter();
        byte[] junk = new byte[172];
        junk[0] = (byte) 0x80;
        DatagramPacket toSection = new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), sources.get(0).senderPort());
        for (int i = 0; i < 5; i++) {
            stray.socket.send(toSection);
            Thread.sleep(20); // a stray sender's pace; RTPEngine sees it before our answer
        }
        client.subscribeAnswer(room, BROADCAST, sdp.answer(sources, Map.of("dave", ours.port()), Optional.empty()).sdp());
        for (int i = 0; i < 10; i++) {
            stray.socket.send(toSection);
            Thread.sleep(20);
        }

        await().atMost(FIRST_PACKETS_TIMEOUT).untilAsserted(() -> assertThat(ours.rtp.get()).isGreaterThanOrEqualTo(PACKETS_TO_SEE));
        assertThat(stray.rtp.get()).as("packets RTPEngine sent to the stray sender").isZero();
        client.unsubscribe(room, BROADCAST);
    }

    private static boolean stableFor(PacketCounter counter, Duration quiet) throws InterruptedException {
        int before = counter.rtp.get();
        Thread.sleep(quiet.toMillis()); // the quiet period itself is what is measured
        return counter.rtp.get() == before;
    }

    private static PacketCounter counter() throws IOException {
        PacketCounter c = new PacketCounter();
        toClose.add(c);
        return c;
    }

    /** Counts what arrives on one local port (and on port + 1, where RTCP would go without a=rtcp). */
    static final class PacketCounter implements AutoCloseable {

        final AtomicInteger rtp = new AtomicInteger();
        final AtomicInteger foreignRtcpPort = new AtomicInteger();
        final Set<Integer> payloadTypes = ConcurrentHashMap.newKeySet();
        final Set<Long> ssrcs = ConcurrentHashMap.newKeySet();
        final Set<InetSocketAddress> senders = ConcurrentHashMap.newKeySet();
        private final DatagramSocket socket;
        private final DatagramSocket next;

        PacketCounter() throws IOException {
            DatagramSocket s;
            DatagramSocket n;
            // A port whose neighbour is free too, to see whether RTCP goes there.
            while (true) {
                s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try {
                    n = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort() + 1));
                    break;
                } catch (IOException e) {
                    s.close();
                }
            }
            socket = s;
            next = n;
            start(socket, true);
            start(next, false);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void start(DatagramSocket on, boolean main) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[2048];
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                while (!on.isClosed()) {
                    try {
                        p.setLength(buffer.length);
                        on.receive(p);
                    } catch (IOException e) {
                        return;
                    }
                    if (!main) {
                        foreignRtcpPort.incrementAndGet();
                        continue;
                    }
                    int type = buffer[1] & 0xFF;
                    if (p.getLength() < 12 || (type >= 200 && type <= 204)) {
                        continue; // RTCP, multiplexed onto the RTP port by a=rtcp
                    }
                    payloadTypes.add(type & 0x7F);
                    ssrcs.add(((buffer[8] & 0xFFL) << 24) | ((buffer[9] & 0xFFL) << 16) | ((buffer[10] & 0xFFL) << 8) | (buffer[11] & 0xFFL));
                    senders.add((InetSocketAddress) p.getSocketAddress());
                    rtp.incrementAndGet();
                }
            }, "rtp-count-" + on.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            socket.close();
            next.close();
        }
    }

    /** Writes each reply to {@code DIR/NAME.bencode} under the name set before the call. */
    static final class Recorder implements NgClient.ExchangeListener {

        private final Optional<Path> dir;
        private volatile String name;

        Recorder(Optional<Path> dir) {
            this.dir = dir;
        }

        void next(String replyName) {
            this.name = replyName;
        }

        @Override
        public void exchanged(String command, byte[] request, byte[] reply) {
            if (dir.isEmpty() || name == null) {
                return;
            }
            try {
                Files.createDirectories(dir.get());
                Files.write(dir.get().resolve(name + ".bencode"), reply);
            } catch (IOException e) {
                throw new IllegalStateException("cannot record the reply " + name, e);
            }
            name = null;
        }
    }
}
