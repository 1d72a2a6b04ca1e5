package io.voicebroadcast.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A room's audio as the voice service receives it: FFmpeg sending a sine tone in real time as
 * RTP to {@code 127.0.0.1:port}, in 20 ms packets, Opus (payload type 111, as WebRTC
 * negotiates it) or PCMU (static payload type 0). FFmpeg's sine has amplitude 1/8 (-18 dBFS).
 *
 * @param port        the loopback port it sends to
 * @param frequencyHz the tone's frequency
 * @param codec       how the tone is encoded
 * @param process     FFmpeg, whose output starts with the SDP of the stream; killing it drops the call abruptly
 */
public record RtpTone(int port, int frequencyHz, Codec codec, ManagedProcess process) implements ProcessBacked {

    public enum Codec {
        // pan copies the mono sine to both channels at full level; "-ac 2" would scale it by 1/sqrt 2
        OPUS(111, "opus/48000/2", List.of("-af", "pan=stereo|c0=c0|c1=c0", "-c:a", "libopus", "-ar", "48000", "-ac", "2", "-b:a", "64k",
                "-frame_duration", "20")),
        PCMU(0, "PCMU/8000", List.of("-c:a", "pcm_mulaw", "-ar", "8000", "-ac", "1"));

        private final int payloadType;
        private final String rtpmap;
        private final List<String> encoderArgs;

        Codec(int payloadType, String rtpmap, List<String> encoderArgs) {
            this.payloadType = payloadType;
            this.rtpmap = rtpmap;
            this.encoderArgs = encoderArgs;
        }

        public int payloadType() {
            return payloadType;
        }

        /** The SDP rtpmap of the payload type: {@code opus/48000/2}, {@code PCMU/8000}. */
        public String rtpmap() {
            return rtpmap;
        }
    }

    /** Sends a {@code frequencyHz} tone to {@code 127.0.0.1:port} until closed. */
    public static RtpTone start(int port, int frequencyHz, Codec codec) {
        return start(port, frequencyHz, codec, 0);
    }

    /** As {@link #start(int, int, Codec)}, {@code gainDb} louder (negative: quieter) than -18 dBFS. */
    public static RtpTone start(int port, int frequencyHz, Codec codec, double gainDb) {
        return new RtpTone(port, frequencyHz, codec, ManagedProcess.start("rtp-tone", argv("127.0.0.1", port, frequencyHz, codec, gainDb)));
    }

    static List<String> argv(String host, int port, int frequencyHz, Codec codec, double gainDb) {
        String sine = "sine=frequency=" + frequencyHz + ":sample_rate=48000:samples_per_frame=960";
        List<String> a = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "warning", "-nostdin",
                // 960 samples per frame: 20 ms, so PCMU packets carry 160 samples as a phone would send;
                // the gain is in the source's graph, as the Opus encoder's arguments have their own -af
                "-re", "-f", "lavfi", "-i", gainDb == 0 ? sine : sine + ",volume=" + gainDb + "dB"));
        a.addAll(codec.encoderArgs);
        a.addAll(List.of("-payload_type", String.valueOf(codec.payloadType), "-f", "rtp", "rtp://" + host + ":" + port));
        return a;
    }
}
