package io.voicebroadcast.testsupport;

import io.voicebroadcast.testsupport.MediaAnalysis.FlvLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tag walk behind {@link MediaAnalysis#flvLayout}: FLV read byte by byte, no tool involved. */
final class FlvTags {

    private FlvTags() {
    }

    /**
     * Walks every tag of an FLV file (11-byte header, body, 4-byte previous-tag-size). Fails if a
     * previous-tag-size does not match its tag, which means the file is corrupt, not just cut.
     */
    static FlvLayout layout(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (b.length < 13 || b[0] != 'F' || b[1] != 'L' || b[2] != 'V') {
            throw new IllegalStateException(file + " is not an FLV file (" + b.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        int offset = buf.getInt(5) + 4; // header, then PreviousTagSize0
        int video = 0;
        int audio = 0;
        int other = 0;
        long lastTimestamp = 0;
        boolean endOfSequence = false;
        while (offset + 11 <= b.length) {
            int type = b[offset] & 0x1F;
            int size = uint24(b, offset + 1);
            long timestamp = uint24(b, offset + 4) | ((long) (b[offset + 7] & 0xFF) << 24);
            int end = offset + 11 + size + 4;
            if (end > b.length) {
                break;
            }
            int previousTagSize = buf.getInt(end - 4);
            if (previousTagSize != 11 + size) {
                throw new IllegalStateException(file + ": tag at byte " + offset + " has size " + (11 + size)
                        + " but its previous-tag-size says " + previousTagSize);
            }
            if (type == 9) {
                // body: frame type and codec id (7 = H.264), then the AVC packet type (2 = end of sequence)
                endOfSequence = size >= 2 && (b[offset + 11] & 0x0F) == 7 && b[offset + 12] == 2;
            }
            switch (type) {
                case 9 -> video++;
                case 8 -> audio++;
                default -> other++;
            }
            lastTimestamp = Math.max(lastTimestamp, timestamp);
            offset = end;
        }
        return new FlvLayout(video, audio, other, lastTimestamp, endOfSequence, b.length - offset);
    }

    private static int uint24(byte[] b, int at) {
        return ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
    }
}
