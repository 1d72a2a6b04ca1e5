package io.voicebroadcast.voice.pipeline.flv;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * One FLV tag as it goes over the wire: the 11-byte tag header, the data, and the 4-byte size of
 * the tag that follows it in a file. The bytes are the only copy a tag has: a fan-out hands the
 * same tag to every destination, so nothing may change it once it has been handed on (only the
 * {@link Program} that reads it rewrites its timestamp, before that).
 */
public final class FlvTag {

    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;
    static final int HEADER_BYTES = 11;
    static final int TRAILER_BYTES = 4;
    private static final int AVC = 7;
    private static final int AAC = 10;
    private static final int KEYFRAME = 1;

    private final byte[] bytes;

    FlvTag(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A tag of {@code type} at {@code timestampMs} with {@code data} (copied). */
    public static FlvTag of(int type, int timestampMs, byte[] data) {
        byte[] b = new byte[HEADER_BYTES + data.length + TRAILER_BYTES];
        b[0] = (byte) type;
        putInt24(b, 1, data.length);
        System.arraycopy(data, 0, b, HEADER_BYTES, data.length);
        putInt32(b, HEADER_BYTES + data.length, HEADER_BYTES + data.length);
        FlvTag tag = new FlvTag(b);
        tag.setTimestamp(timestampMs);
        return tag;
    }

    public int type() {
        return bytes[0] & 0x1f;
    }

    public int dataSize() {
        return ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }

    /** Milliseconds: 24 bits and an 8-bit extension above them. */
    public int timestamp() {
        return ((bytes[7] & 0xff) << 24) | ((bytes[4] & 0xff) << 16) | ((bytes[5] & 0xff) << 8) | (bytes[6] & 0xff);
    }

    /** Only before the tag is handed on: the same bytes go to every destination. */
    void setTimestamp(int ms) {
        bytes[4] = (byte) (ms >>> 16);
        bytes[5] = (byte) (ms >>> 8);
        bytes[6] = (byte) ms;
        bytes[7] = (byte) (ms >>> 24);
    }

    /** A copy of this tag at another time (a sequence header written again for a newcomer). */
    public FlvTag at(int timestampMs) {
        FlvTag copy = new FlvTag(bytes.clone());
        copy.setTimestamp(timestampMs);
        return copy;
    }

    public boolean isVideo() {
        return type() == VIDEO;
    }

    public boolean isAudio() {
        return type() == AUDIO;
    }

    public boolean isScript() {
        return type() == SCRIPT;
    }

    /** Audio or video: what a timeline is made of. */
    public boolean isMedia() {
        return isVideo() || isAudio();
    }

    /** A video keyframe that is not a sequence header: where a newcomer can start. */
    public boolean isKeyframe() {
        return isVideo() && dataSize() >= 2 && ((bytes[HEADER_BYTES] & 0xff) >>> 4) == KEYFRAME && !isSequenceHeader();
    }

    /** The AVC decoder configuration or the AAC AudioSpecificConfig: what a decoder needs before any frame. */
    public boolean isSequenceHeader() {
        if (dataSize() < 2) {
            return false;
        }
        int first = bytes[HEADER_BYTES] & 0xff;
        boolean packetTypeZero = bytes[HEADER_BYTES + 1] == 0;
        return switch (type()) {
            case VIDEO -> (first & 0x0f) == AVC && packetTypeZero;
            case AUDIO -> (first >>> 4) == AAC && packetTypeZero;
            default -> false;
        };
    }

    /** Whether the two tags carry the same data (their timestamps may differ). */
    public boolean sameData(FlvTag other) {
        return other != null && type() == other.type()
                && Arrays.equals(bytes, HEADER_BYTES, bytes.length - TRAILER_BYTES,
                        other.bytes, HEADER_BYTES, other.bytes.length - TRAILER_BYTES);
    }

    /** Every byte this tag takes in a stream, trailer included. */
    public int length() {
        return bytes.length;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    static void putInt24(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 16);
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) v;
    }

    static void putInt32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Override
    public String toString() {
        String kind = switch (type()) {
            case AUDIO -> "audio";
            case VIDEO -> "video";
            case SCRIPT -> "script";
            default -> "type " + type();
        };
        return "FlvTag[" + kind + " " + timestamp() + " ms, " + dataSize() + " bytes"
                + (isSequenceHeader() ? ", sequence header" : isKeyframe() ? ", keyframe" : "") + "]";
    }
}
