package io.voicebroadcast.voice.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadDecoderTests {

    @Test
    void g711_upsamplesEachByteToSixStereoSamples_interpolatingFromThePreviousOne() {
        G711PayloadDecoder decoder = new G711PayloadDecoder(true);
        byte plus8 = (byte) 0xFE;   // mu-law +8
        byte zero = (byte) 0xFF;    // mu-law 0

        short[] first = decoder.decode(new byte[] {zero, plus8}, 0, 2);

        assertThat(first).hasSize(2 * 6 * 2);
        // From 0 up to 8 over six output samples, each duplicated to left and right.
        assertThat(first).endsWith((short) 1, (short) 1, (short) 2, (short) 2, (short) 4, (short) 4,
                (short) 5, (short) 5, (short) 6, (short) 6, (short) 8, (short) 8);
    }

    @Test
    void g711_interpolationContinuesAcrossPackets() {
        G711PayloadDecoder decoder = new G711PayloadDecoder(true);
        decoder.decode(new byte[] {(byte) 0xFE}, 0, 1);          // ends on +8

        short[] next = decoder.decode(new byte[] {(byte) 0xFF}, 0, 1); // 0

        assertThat(next).containsExactly((short) 7, (short) 7, (short) 6, (short) 6, (short) 4, (short) 4,
                (short) 3, (short) 3, (short) 2, (short) 2, (short) 0, (short) 0);
    }

    @Test
    void g711_aLawDecoder_usesTheALawTable() {
        short[] out = new G711PayloadDecoder(false).decode(new byte[] {(byte) 0xAA, (byte) 0xAA}, 0, 2);

        assertThat(out[out.length - 1]).isEqualTo((short) 32256);
    }

    @Test
    void g711_lossIsSilence_andTheNextPacketRampsUpFromZero() {
        G711PayloadDecoder decoder = new G711PayloadDecoder(true);
        decoder.decode(new byte[] {(byte) 0x80}, 0, 1);

        assertThat(decoder.concealLoss(960)).hasSize(1920).containsOnly((short) 0);
        assertThat(decoder.decode(new byte[] {(byte) 0xFE}, 0, 1)[0]).isEqualTo((short) 1);
    }

    @Test
    void opus_decodesA20msPacketTo960StereoSamples_andConcealsLossWithPlc() throws Exception {
        OpusEncoder encoder = new OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
        OpusPayloadDecoder decoder = new OpusPayloadDecoder();
        short[] mono = new short[960];
        byte[] packet = new byte[1500];
        short[] last = null;
        for (int frame = 0; frame < 10; frame++) {
            for (int i = 0; i < 960; i++) {
                mono[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (frame * 960 + i) / 48_000.0));
            }
            int length = encoder.encode(mono, 0, 960, packet, 0, packet.length);
            last = decoder.decode(packet, 0, length);
        }

        assertThat(last).hasSize(1920);
        // A sine peaking at 8000/32768 (-12.2 dBFS) has an RMS of -15.3 dBFS.
        assertThat(AudioLevel.rmsDbfs(last)).isBetween(-16.3, -14.3);
        short[] concealed = decoder.concealLoss(960);
        assertThat(concealed).hasSize(1920);
        assertThat(AudioLevel.rmsDbfs(concealed)).as("PLC continues the tone, not silence").isGreaterThan(-40.0);
    }

    @Test
    void opus_garbage_isReportedAsUndecodable() {
        OpusPayloadDecoder decoder = new OpusPayloadDecoder();

        assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0}, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Opus");
    }

    @Test
    void factory_buildsTheDecoderForTheSdpValues() {
        assertThat(RtpPayloadFormat.of("opus", 111, 48_000, 2).newDecoder()).isInstanceOf(OpusPayloadDecoder.class);
        assertThat(RtpPayloadFormat.of("OPUS", 96, 48_000, 1).newDecoder()).isInstanceOf(OpusPayloadDecoder.class);
        assertThat(RtpPayloadFormat.of("PCMU", 0, 8_000, 1).newDecoder()).isInstanceOf(G711PayloadDecoder.class);
        assertThat(RtpPayloadFormat.of("pcma", 8, 8_000, 1).newDecoder()).isInstanceOf(G711PayloadDecoder.class);
    }

    @Test
    void factory_rejectsValuesTheCodecCannotHave() {
        assertThatThrownBy(() -> RtpPayloadFormat.of("opus", 111, 16_000, 2)).hasMessageContaining("48000");
        assertThatThrownBy(() -> RtpPayloadFormat.of("pcmu", 0, 8_000, 2)).hasMessageContaining("8000 and 1 channel");
        assertThatThrownBy(() -> RtpPayloadFormat.of("g722", 9, 8_000, 1)).hasMessageContaining("opus, PCMU or PCMA");
        assertThatThrownBy(() -> RtpPayloadFormat.of("opus", 128, 48_000, 2)).hasMessageContaining("0..127");
    }
}
