package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RtpPacketTests {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void plainPacket_headerFieldsAndPayloadAreRead() throws Exception {
        byte[] data = bytes(0x80, 0xEF, 0xFF, 0xFE, 0xDE, 0xAD, 0xBE, 0xEF, 0x12, 0x34, 0x56, 0x78, 1, 2, 3);

        RtpPacket p = RtpPacket.parse(data, 0, data.length);

        assertThat(p.version()).isEqualTo(2);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.sequenceNumber()).isEqualTo(65534);
        assertThat(p.timestamp()).isEqualTo(0xDEADBEEFL);
        assertThat(p.ssrc()).isEqualTo(0x12345678L);
        assertThat(p.padding()).isFalse();
        assertThat(p.extension()).isFalse();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.payloadOffset()).isEqualTo(12);
        assertThat(p.payloadLength()).isEqualTo(3);
    }

    @Test
    void csrcsExtensionAndPadding_areSkipped_leavingOnlyThePayload() throws Exception {
        byte[] data = bytes(
                0xB2, 0x00, 0x00, 0x07, 0, 0, 0, 160, 0, 0, 0, 9,   // V=2 P=1 X=1 CC=2, PT 0, seq 7
                0, 0, 0, 1, 0, 0, 0, 2,                              // two CSRCs
                0xBE, 0xDE, 0x00, 0x01, 0x10, 0xAA, 0, 0,            // one-word extension
                0x55, 0x66,                                          // payload
                0, 0, 3);                                            // three bytes of padding

        RtpPacket p = RtpPacket.parse(data, 0, data.length);

        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.extension()).isTrue();
        assertThat(p.padding()).isTrue();
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadType()).isZero();
        assertThat(p.payloadOffset()).isEqualTo(28);
        assertThat(Arrays.copyOfRange(p.data(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()))
                .containsExactly(0x55, 0x66);
    }

    @Test
    void packetInsideALargerBuffer_isReadAtItsOffset() throws Exception {
        byte[] data = bytes(9, 9, 0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1, 0x42, 9);

        RtpPacket p = RtpPacket.parse(data, 2, 13);

        assertThat(p.sequenceNumber()).isEqualTo(1);
        assertThat(p.payloadOffset()).isEqualTo(14);
        assertThat(p.payloadLength()).isEqualTo(1);
    }

    @Test
    void tooShort_isRejected() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[11], 0, 11))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("too short");
    }

    @Test
    void wrongVersion_isRejected() {
        byte[] data = bytes(0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);

        assertThatThrownBy(() -> RtpPacket.parse(data, 0, data.length))
                .isInstanceOf(MalformedRtpException.class).hasMessage("RTP version 1, expected 2");
    }

    @Test
    void csrcListPastTheEnd_isRejected() {
        byte[] data = bytes(0x83, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1);

        assertThatThrownBy(() -> RtpPacket.parse(data, 0, data.length))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("CSRC count 3");
    }

    @Test
    void extensionPastTheEnd_isRejected() {
        byte[] data = bytes(0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0x00, 0x05, 0, 0, 0, 0);

        assertThatThrownBy(() -> RtpPacket.parse(data, 0, data.length))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("extension of 5 words");
    }

    @Test
    void paddingLongerThanThePayload_isRejected() {
        byte[] data = bytes(0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x11, 9);

        assertThatThrownBy(() -> RtpPacket.parse(data, 0, data.length))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("padding count 9");
    }

    @Test
    void zeroPaddingCount_isRejected() {
        byte[] data = bytes(0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x11, 0);

        assertThatThrownBy(() -> RtpPacket.parse(data, 0, data.length))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("padding count 0");
    }

    @Test
    void rtcpSenderReportOnTheSamePort_isRejectedAsRtcp() {
        byte[] data = bytes(0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        assertThatThrownBy(() -> RtpPacket.parse(data, 0, data.length))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("RTCP packet (type 200)");
    }
}
