package io.voicebroadcast.voice.audio;

import io.voicebroadcast.testsupport.RtpPacketSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The receiver on a real loopback socket, with a test-controlled clock. */
class RtpAudioReceiverTests {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long MS = 1_000_000L;
    private static final long SSRC = 0x1234L;
    /** 20 ms of PCMU: 160 bytes at 8 kHz. */
    private static final int PCMU_BYTES = 160;
    private static final byte MU_LAW_PLUS_8 = (byte) 0xFE;

    private final AtomicLong clock = new AtomicLong(5_000 * MS);
    private DatagramSocket sender;
    private RtpAudioReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        receiver = new RtpAudioReceiver(socket, RtpPayloadFormat.of("PCMU", 0, 8_000, 1),
                JitterBuffer.Settings.DEFAULTS, clock::get, Duration.ofSeconds(2)).start();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        sender.close();
    }

    private void send(byte[] datagram) throws Exception {
        sender.send(new DatagramPacket(datagram, datagram.length, LOOPBACK, receiver.localPort()));
    }

    private void sendPcmu(int sequence, byte value) throws Exception {
        byte[] payload = new byte[PCMU_BYTES];
        Arrays.fill(payload, value);
        send(RtpPacketSender.datagram(0, sequence, sequence * 160L, SSRC, payload));
    }

    private void awaitReceived(long packets) {
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.stats().packetsReceived() == packets);
    }

    @Test
    void nothingReceived_readGivesSilence_andReturnsFalse() {
        short[] chunk = new short[AudioFormat.CHUNK_VALUES];
        Arrays.fill(chunk, (short) 99);

        assertThat(receiver.read(chunk)).isFalse();
        assertThat(chunk).containsOnly((short) 0);
        assertThat(receiver.isReceiving(clock.get(), 500 * MS)).isFalse();
        assertThat(receiver.stats().lastPacketNanos()).isEmpty();
    }

    @Test
    void receivedPackets_comeOutAsExactly20msChunks_afterThePlayoutDelay() throws Exception {
        sendPcmu(1, MU_LAW_PLUS_8);
        sendPcmu(2, MU_LAW_PLUS_8);
        awaitReceived(2);
        short[] chunk = new short[AudioFormat.CHUNK_VALUES];

        assertThat(receiver.read(chunk)).as("within the playout delay").isFalse();
        clock.addAndGet(40 * MS);

        assertThat(receiver.read(chunk)).isTrue();
        // The first 6 samples ramp up from silence; the rest hold +8.
        assertThat(Arrays.copyOfRange(chunk, 12, chunk.length)).containsOnly((short) 8);
        assertThat(receiver.read(chunk)).isTrue();
        assertThat(chunk).containsOnly((short) 8);
        assertThat(receiver.read(chunk)).as("drained").isFalse();
        assertThat(chunk).containsOnly((short) 0);
    }

    @Test
    void isReceiving_followsTheLastPacketTime() throws Exception {
        sendPcmu(1, MU_LAW_PLUS_8);
        awaitReceived(1);
        long arrival = receiver.stats().lastPacketNanos().orElseThrow();

        assertThat(receiver.isReceiving(arrival + 499 * MS, 500 * MS)).isTrue();
        assertThat(receiver.isReceiving(arrival + 500 * MS, 500 * MS)).isFalse();
    }

    @Test
    void malformedDatagrams_rtcp_andOtherPayloadTypes_areCounted_notPlayed() throws Exception {
        send(new byte[] {1, 2, 3});
        send(new byte[] {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0});
        send(RtpPacketSender.datagram(13, 1, 0, SSRC, new byte[] {10}));
        sendPcmu(1, MU_LAW_PLUS_8);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.stats().packetsReceived() == 1
                && receiver.stats().malformed() == 1 && receiver.stats().ignored() == 2);
    }

    @Test
    void lossAndDuplicates_reachTheStats() throws Exception {
        sendPcmu(1, MU_LAW_PLUS_8);
        sendPcmu(3, MU_LAW_PLUS_8);
        sendPcmu(3, MU_LAW_PLUS_8);
        awaitReceived(3);
        clock.addAndGet(40 * MS);
        short[] chunk = new short[AudioFormat.CHUNK_VALUES];

        receiver.read(chunk);
        receiver.read(chunk);

        RtpReceiverStats stats = receiver.stats();
        assertThat(stats.lost()).isEqualTo(1);
        assertThat(stats.duplicates()).isEqualTo(1);
    }

    @Test
    void readOfTheWrongSize_isRejected() {
        assertThatThrownBy(() -> receiver.read(new short[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void close_stopsTheThread_andReleasesThePort() throws Exception {
        int port = receiver.localPort();

        receiver.close();

        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("rtp-audio-" + port)));
        receiver.close(); // idempotent
    }
}
