package io.voicebroadcast.voice.pipeline.flv;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an FLV stream (an encoder's output on a pipe): the file header once, then one tag at a
 * time. Each tag is read into an array of its own, the one copy a fan-out shares. A stream that is
 * not FLV, or a tag that does not add up, ends the reading with {@link FlvFormatException}: an
 * encoder never writes one, so it means the pipe carries something else.
 */
public final class FlvReader {

    /** The FLV file header: signature, version 1, audio and video, 9 bytes; then a previous-tag size of 0. */
    public static final byte[] FILE_HEADER = {'F', 'L', 'V', 1, 0x05, 0, 0, 0, 9, 0, 0, 0, 0};

    private final InputStream in;
    private boolean headerRead;

    public FlvReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next tag, or null at the end of the stream (between tags). The file header is read
     * before the first.
     *
     * @throws EOFException        the stream ended inside a tag
     * @throws FlvFormatException  it is not FLV
     */
    public FlvTag next() throws IOException {
        if (!headerRead) {
            if (!readHeader()) {
                return null;
            }
            headerRead = true;
        }
        byte[] header = new byte[FlvTag.HEADER_BYTES];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, FlvTag.HEADER_BYTES - 1);
        int type = first & 0xff;
        if ((type & 0x20) != 0 || (type != FlvTag.AUDIO && type != FlvTag.VIDEO && type != FlvTag.SCRIPT)) {
            throw new FlvFormatException("tag type " + type + " is not audio, video or script data");
        }
        int size = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] bytes = new byte[FlvTag.HEADER_BYTES + size + FlvTag.TRAILER_BYTES];
        System.arraycopy(header, 0, bytes, 0, FlvTag.HEADER_BYTES);
        readFully(bytes, FlvTag.HEADER_BYTES, size + FlvTag.TRAILER_BYTES);
        int end = FlvTag.HEADER_BYTES + size;
        int previousSize = ((bytes[end] & 0xff) << 24) | ((bytes[end + 1] & 0xff) << 16) | ((bytes[end + 2] & 0xff) << 8)
                | (bytes[end + 3] & 0xff);
        if (previousSize != FlvTag.HEADER_BYTES + size) {
            throw new FlvFormatException("a tag of " + (FlvTag.HEADER_BYTES + size) + " bytes is followed by the size " + previousSize);
        }
        return new FlvTag(bytes);
    }

    /** False at the end of an empty stream. */
    private boolean readHeader() throws IOException {
        byte[] h = new byte[9];
        int first = in.read();
        if (first < 0) {
            return false;
        }
        h[0] = (byte) first;
        readFully(h, 1, 8);
        if (h[0] != 'F' || h[1] != 'L' || h[2] != 'V' || h[3] != 1) {
            throw new FlvFormatException("not an FLV stream");
        }
        int headerSize = ((h[5] & 0xff) << 24) | ((h[6] & 0xff) << 16) | ((h[7] & 0xff) << 8) | (h[8] & 0xff);
        if (headerSize < 9 || headerSize > 1024) {
            throw new FlvFormatException("FLV header size " + headerSize);
        }
        in.skipNBytes(headerSize - 9L + 4); // any header extension, then the first previous-tag size (0)
        return true;
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            throw new EOFException("the FLV stream ended inside a tag");
        }
    }
}
