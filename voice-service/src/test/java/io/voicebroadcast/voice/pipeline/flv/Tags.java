package io.voicebroadcast.voice.pipeline.flv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/** FLV tags as an H.264 + AAC encoder writes them, for tests. */
final class Tags {

    private Tags() {
    }

    static FlvTag videoConfig(int ts, int variant) {
        return FlvTag.of(FlvTag.VIDEO, ts, new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, (byte) variant});
    }

    static FlvTag audioConfig(int ts) {
        return FlvTag.of(FlvTag.AUDIO, ts, new byte[] {(byte) 0xAF, 0, 0x11, (byte) 0x90});
    }

    static FlvTag keyframe(int ts) {
        return FlvTag.of(FlvTag.VIDEO, ts, new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 5, 0x65, 1, 2, 3, 4});
    }

    static FlvTag frame(int ts) {
        return FlvTag.of(FlvTag.VIDEO, ts, new byte[] {0x27, 1, 0, 0, 0, 0, 0, 0, 3, 0x41, 9, 9});
    }

    static FlvTag audio(int ts) {
        return FlvTag.of(FlvTag.AUDIO, ts, new byte[] {(byte) 0xAF, 1, 0x21, 0x10, 0x05});
    }

    /** What an encoder writes first: its metadata, then the video's and the audio's configuration. */
    static List<FlvTag> headers() {
        return List.of(metadata(), videoConfig(0, 1), audioConfig(0));
    }

    static FlvTag metadata() {
        return FlvTag.of(FlvTag.SCRIPT, 0, new byte[] {2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 8, 0, 0, 0, 0, 0, 0, 9});
    }

    /** The bytes of a whole FLV file: the header, then the tags. */
    static byte[] file(List<FlvTag> tags) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FlvReader.FILE_HEADER);
        for (FlvTag t : tags) {
            t.writeTo(out);
        }
        return out.toByteArray();
    }
}
