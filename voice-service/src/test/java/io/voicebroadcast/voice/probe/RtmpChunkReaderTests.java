package io.voicebroadcast.voice.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtmpChunkReaderTests {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static RtmpChunkReader reader(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return new RtmpChunkReader(new ByteArrayInputStream(all.toByteArray()), 64 * 1024);
    }

    private static byte[] payload(int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    @Test
    void writerOutput_readsBackAsTheSameMessage_acrossChunks() throws Exception {
        byte[] payload = payload(300);
        byte[] chunks = RtmpChunkWriter.encode(3, new RtmpMessage(RtmpMessage.AMF0_COMMAND, 0, 0, payload), 128);

        // 12-byte header + 128, then 1-byte fmt-3 headers before the 2nd and 3rd chunks
        assertThat(chunks).hasSize(12 + 300 + 2);
        assertThat(chunks[0]).isEqualTo((byte) 0x03);
        assertThat(chunks[12 + 128]).isEqualTo((byte) 0xC3);
        RtmpMessage m = reader(chunks).next();
        assertThat(m.typeId()).isEqualTo(RtmpMessage.AMF0_COMMAND);
        assertThat(m.payload()).isEqualTo(payload);
    }

    @Test
    void setChunkSize_isHonouredForTheFollowingChunks() throws Exception {
        byte[] setChunkSize = hex("02 000000 000004 01 00000000 00001000"); // 4096
        byte[] big = payload(1000);
        byte[] command = RtmpChunkWriter.encode(3, new RtmpMessage(RtmpMessage.AMF0_COMMAND, 0, 0, big), 4096);
        RtmpChunkReader reader = reader(setChunkSize, command);

        assertThat(reader.next().typeId()).isEqualTo(RtmpMessage.SET_CHUNK_SIZE);
        assertThat(reader.chunkSize()).isEqualTo(4096);
        assertThat(reader.next().payload()).isEqualTo(big);
    }

    @Test
    void controlMessages_windowAckPeerBandwidthUserControl_areReturnedInOrder() throws Exception {
        RtmpChunkReader reader = reader(
                hex("02 000000 000004 05 00000000 004c4b40"),      // window ack size 5000000
                hex("02 000000 000005 06 00000000 004c4b40 02"),   // set peer bandwidth, dynamic
                hex("02 000000 000006 04 00000000 0000 00000000")); // user control: stream begin 0

        assertThat(reader.next().typeId()).isEqualTo(RtmpMessage.WINDOW_ACK_SIZE);
        assertThat(reader.next().typeId()).isEqualTo(RtmpMessage.SET_PEER_BANDWIDTH);
        assertThat(reader.next().typeId()).isEqualTo(RtmpMessage.USER_CONTROL);
    }

    @Test
    void headerTypes1to3_reuseTheStateOfTheirChunkStream() throws Exception {
        RtmpChunkReader reader = reader(
                hex("04 000010 000002 14 01000000 aabb"), // fmt 0, csid 4, ts 16, stream 1
                hex("44 000005 000001 12 cc"),            // fmt 1: delta 5, new length and type
                hex("84 000005 dd"),                      // fmt 2: delta 5, same length and type
                hex("c4 ee"));                            // fmt 3: everything repeated, delta again

        RtmpMessage first = reader.next();
        assertThat(first.streamId()).isEqualTo(1);
        assertThat(first.timestamp()).isEqualTo(16);
        assertThat(first.payload()).isEqualTo(hex("aabb"));
        RtmpMessage second = reader.next();
        assertThat(second.typeId()).isEqualTo(0x12);
        assertThat(second.timestamp()).isEqualTo(21);
        assertThat(reader.next().timestamp()).isEqualTo(26);
        RtmpMessage fourth = reader.next();
        assertThat(fourth.timestamp()).isEqualTo(31);
        assertThat(fourth.payload()).isEqualTo(hex("ee"));
    }

    @Test
    void twoAndThreeByteBasicHeaders_andExtendedTimestamps_areParsed() throws Exception {
        RtmpChunkReader reader = reader(
                hex("00 0a ffffff 000001 14 00000000 01000000 aa"), // csid 64+10, extended timestamp 0x01000000
                hex("01 0a 01 000000 000001 14 00000000 bb"));     // csid 64+10+256

        RtmpMessage first = reader.next();
        assertThat(first.timestamp()).isEqualTo(0x01000000L);
        assertThat(first.payload()).isEqualTo(hex("aa"));
        assertThat(reader.next().payload()).isEqualTo(hex("bb"));
    }

    @Test
    void interleavedChunkStreams_reassembleIndependently() throws Exception {
        byte[] a = payload(200);
        byte[] chunksA = RtmpChunkWriter.encode(3, new RtmpMessage(RtmpMessage.AMF0_COMMAND, 0, 0, a), 128);
        byte[] control = hex("02 000000 000004 05 00000000 00002000");
        // A's first chunk, then a control message on csid 2, then A's continuation
        RtmpChunkReader reader = reader(java.util.Arrays.copyOfRange(chunksA, 0, 12 + 128), control,
                java.util.Arrays.copyOfRange(chunksA, 12 + 128, chunksA.length));

        assertThat(reader.next().typeId()).isEqualTo(RtmpMessage.WINDOW_ACK_SIZE);
        assertThat(reader.next().payload()).isEqualTo(a);
    }

    @Test
    void malformedStreams_areProtocolErrors_andEndOfInputIsEof() {
        assertThatThrownBy(() -> reader(hex("c5 00")).next())
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("starts with header type 3");
        assertThatThrownBy(() -> new RtmpChunkReader(new ByteArrayInputStream(hex("03 000000 ffffff 14 00000000")), 1024).next())
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("more than 1024");
        assertThatThrownBy(() -> reader(hex("03 000000 000010 14 00000000 0102")).next()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader(hex("48 54 54 50 2f 31 2e 31")).next()).isInstanceOf(RtmpProtocolException.class);
    }
}
