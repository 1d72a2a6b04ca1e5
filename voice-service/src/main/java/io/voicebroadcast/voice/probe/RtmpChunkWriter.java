package io.voicebroadcast.voice.probe;

import java.io.ByteArrayOutputStream;

/** Splits a message into chunks: a type-0 header, then type-3 continuation headers. */
final class RtmpChunkWriter {

    static final int DEFAULT_CHUNK_SIZE = 128;

    private RtmpChunkWriter() {
    }

    /** Encodes on a chunk stream id of 2..63 (a one-byte basic header), timestamp 0. */
    static byte[] encode(int chunkStreamId, RtmpMessage message, int chunkSize) {
        if (chunkStreamId < 2 || chunkStreamId > 63) {
            throw new IllegalArgumentException("chunk stream id must be 2..63, got " + chunkStreamId);
        }
        byte[] payload = message.payload();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 16 + payload.length / chunkSize);
        out.write(chunkStreamId); // fmt 0
        u24(out, 0);
        u24(out, payload.length);
        out.write(message.typeId());
        int streamId = message.streamId(); // little endian, the one oddity of the header
        out.write(streamId);
        out.write(streamId >>> 8);
        out.write(streamId >>> 16);
        out.write(streamId >>> 24);
        for (int offset = 0; offset < payload.length; offset += chunkSize) {
            if (offset > 0) {
                out.write(0xC0 | chunkStreamId); // fmt 3
            }
            out.write(payload, offset, Math.min(chunkSize, payload.length - offset));
        }
        return out.toByteArray();
    }

    private static void u24(ByteArrayOutputStream out, int value) {
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
