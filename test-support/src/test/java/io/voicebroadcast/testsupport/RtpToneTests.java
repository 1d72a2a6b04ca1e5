package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.testsupport.RtpTone.Codec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class RtpToneTests {

    @TempDir
    Path dir;

    private record RtpPacket(int version, int payloadType, long timestamp, long receivedNanos) {
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void tone_arrivesAsRtpWithItsPayloadType_every20Ms(Codec codec) throws IOException {
        List<RtpPacket> packets = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            try (RtpTone tone = RtpTone.start(socket.getLocalPort(), 440, codec)) {
                byte[] buf = new byte[2048];
                long until = 0;
                while (packets.size() < 200) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    long now = System.nanoTime();
                    until = until == 0 ? now + Duration.ofSeconds(2).toNanos() : until;
                    if (now > until) {
                        break;
                    }
                    packets.add(new RtpPacket((buf[0] & 0xC0) >> 6, buf[1] & 0x7F,
                            ((buf[4] & 0xFFL) << 24) | ((buf[5] & 0xFF) << 16) | ((buf[6] & 0xFF) << 8) | (buf[7] & 0xFF), now));
                }
                assertThat(tone.isAlive()).as(tone.tail()).isTrue();
            }
        }
        assertThat(packets).as("packets in 2 s").hasSizeBetween(90, 110);
        assertThat(packets).allSatisfy(p -> {
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.payloadType()).isEqualTo(codec.payloadType());
        });
        long clockRate = codec == Codec.OPUS ? 48_000 : 8_000;
        assertThat(packets.get(11).timestamp() - packets.get(10).timestamp()).isEqualTo(clockRate / 50);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void tone_decodedFromRtp_is440HzAtAbout18DbBelowFullScale(Codec codec) throws IOException {
        Path wav = receive(codec, 0);
        assertThat(MediaAnalysis.toneLevelDb(wav, 440, 0.3, 1.9)).isCloseTo(-18.1, within(1.5));
        assertThat(MediaAnalysis.toneLevelDb(wav, 1000, 0.3, 1.9)).isLessThan(-50);
    }

    @Test
    void quietTone_isItsGainBelowTheDefault() throws IOException {
        assertThat(MediaAnalysis.toneLevelDb(receive(Codec.OPUS, -30), 440, 0.3, 1.9)).isCloseTo(-48.1, within(1.5));
    }

    /** Two seconds of a 440 Hz tone at {@code gainDb}, sent as RTP and decoded by FFmpeg into a WAV file. */
    private Path receive(Codec codec, double gainDb) throws IOException {
        int port = freeUdpPort();
        Path sdp = dir.resolve("tone.sdp");
        String rtpmap = codec == Codec.OPUS ? "a=rtpmap:111 opus/48000/2\n" : "";
        Files.writeString(sdp, "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=tone\nc=IN IP4 127.0.0.1\nt=0 0\n"
                + "m=audio " + port + " RTP/AVP " + codec.payloadType() + "\n" + rtpmap);
        Path wav = dir.resolve("tone-" + codec + gainDb + ".wav");
        try (ManagedProcess receiver = ManagedProcess.start("rtp-receiver", List.of("ffmpeg", "-v", "error", "-nostdin",
                "-protocol_whitelist", "file,udp,rtp", "-i", sdp.toString(), "-t", "2", "-y", wav.toString()));
             RtpTone tone = RtpTone.start(port, 440, codec, gainDb)) {
            assertThat(receiver.waitFor(Duration.ofSeconds(15))).as(receiver.tail() + "\n" + tone.tail()).isZero();
        }
        return wav;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
