package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketSenderTests {

    @Test
    void datagram_isAnRtpHeaderFollowedByThePayload() {
        byte[] d = RtpPacketSender.datagram(111, 0xBEEF, 0xCAFEBABEL, 0x01020304L, new byte[] {7, 8});

        assertThat(d).hasSize(14);
        ByteBuffer b = ByteBuffer.wrap(d);
        assertThat(b.get() & 0xFF).as("version 2, nothing else").isEqualTo(0x80);
        assertThat(b.get() & 0xFF).as("marker clear, payload type").isEqualTo(111);
        assertThat(b.getShort() & 0xFFFF).isEqualTo(0xBEEF);
        assertThat(b.getInt() & 0xFFFF_FFFFL).isEqualTo(0xCAFEBABEL);
        assertThat(b.getInt()).isEqualTo(0x01020304);
        assertThat(Arrays.copyOfRange(d, 12, 14)).containsExactly(7, 8);
    }

    @Test
    void muLaw_encodesSilenceAndBothFullScales_asG711Does() {
        assertThat(RtpPacketSender.muLaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(RtpPacketSender.muLaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(RtpPacketSender.muLaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
    }

    @Test
    void eachPacket_advancesSequenceAndTimestamp_andASkippedOneLeavesAGap() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             RtpPacketSender sender = RtpPacketSender.pcmu(receiver.getLocalPort(), 42)) {
            receiver.setSoTimeout(5000);
            sender.sendSine(1000, 0.5);
            sender.skip();
            sender.sendSine(1000, 0.5);

            ByteBuffer first = receive(receiver);
            ByteBuffer second = receive(receiver);
            assertThat(first.limit()).isEqualTo(12 + RtpPacketSender.PCMU_SAMPLES);
            assertThat(first.get(1)).as("PCMU").isEqualTo((byte) 0);
            assertThat(second.getShort(2) - first.getShort(2)).as("sequence numbers apart").isEqualTo(2);
            assertThat(second.getInt(4) - first.getInt(4)).as("timestamps apart").isEqualTo(2 * RtpPacketSender.PCMU_SAMPLES);
            assertThat(second.getInt(8)).as("SSRC").isEqualTo(42);
        }
    }

    private static ByteBuffer receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        socket.receive(p);
        return ByteBuffer.wrap(Arrays.copyOf(p.getData(), p.getLength()));
    }
}
