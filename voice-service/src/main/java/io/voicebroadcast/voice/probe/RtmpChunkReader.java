package io.voicebroadcast.voice.probe;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from chunks (all four header formats, one- to three-byte basic
 * headers, extended timestamps). It applies Set Chunk Size and Abort itself, since parsing the
 * next chunk depends on them, and still returns every message to the caller.
 */
final class RtmpChunkReader {

    private static final int MAX_CHUNK_SIZE = 0x7FFFFFFF;

    private final InputStream in;
    private final int maxMessageBytes;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = RtmpChunkWriter.DEFAULT_CHUNK_SIZE;

    RtmpChunkReader(InputStream in, int maxMessageBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Reads chunks until one message is complete. */
    RtmpMessage next() throws IOException {
        while (true) {
            RtmpMessage message = readChunk();
            if (message == null) {
                continue;
            }
            if (message.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
                long size = u32(message.payload()) & MAX_CHUNK_SIZE;
                if (size < 1) {
                    throw new RtmpProtocolException("chunk size " + size);
                }
                chunkSize = (int) size;
            } else if (message.typeId() == RtmpMessage.ABORT) {
                ChunkStream aborted = streams.get((int) u32(message.payload()));
                if (aborted != null) {
                    aborted.buffer = null;
                }
            }
            return message;
        }
    }

    private RtmpMessage readChunk() throws IOException {
        int first = u8();
        int fmt = first >>> 6;
        int csid = first & 0x3F;
        if (csid == 0) {
            csid = 64 + u8();
        } else if (csid == 1) {
            csid = 64 + u8() + (u8() << 8);
        }
        ChunkStream cs = streams.get(csid);
        if (cs == null) {
            if (fmt != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with header type " + fmt);
            }
            cs = new ChunkStream();
            streams.put(csid, cs);
        }
        boolean startsMessage = cs.buffer == null;
        switch (fmt) {
            case 0 -> {
                long timestamp = u24();
                cs.length = (int) u24();
                cs.typeId = u8();
                cs.streamId = u8() | (u8() << 8) | (u8() << 16) | (u8() << 24);
                cs.extended = timestamp == 0xFFFFFF;
                cs.timestamp = cs.extended ? readU32() : timestamp;
                cs.delta = 0;
            }
            case 1, 2 -> {
                long delta = u24();
                if (fmt == 1) {
                    cs.length = (int) u24();
                    cs.typeId = u8();
                }
                cs.extended = delta == 0xFFFFFF;
                cs.delta = cs.extended ? readU32() : delta;
                cs.timestamp += cs.delta;
            }
            default -> {
                if (cs.extended) {
                    readU32(); // repeated extended timestamp of a continuation chunk
                }
                if (startsMessage) {
                    cs.timestamp += cs.delta;
                }
            }
        }
        if (startsMessage) {
            if (cs.length < 0 || cs.length > maxMessageBytes) {
                throw new RtmpProtocolException("message of " + cs.length + " bytes, more than " + maxMessageBytes);
            }
            cs.buffer = new byte[cs.length];
            cs.filled = 0;
        } else if (fmt != 3) {
            throw new RtmpProtocolException("header type " + fmt + " in the middle of a message");
        }
        int n = Math.min(chunkSize, cs.buffer.length - cs.filled);
        readFully(cs.buffer, cs.filled, n);
        cs.filled += n;
        if (cs.filled < cs.buffer.length) {
            return null;
        }
        byte[] payload = cs.buffer;
        cs.buffer = null;
        return new RtmpMessage(cs.typeId, cs.streamId, cs.timestamp, payload);
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed by the server");
        }
        return b;
    }

    private long u24() throws IOException {
        return ((long) u8() << 16) | (u8() << 8) | u8();
    }

    private long readU32() throws IOException {
        return (u24() << 8) | u8();
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new EOFException("connection closed by the server");
            }
            done += n;
        }
    }

    private static long u32(byte[] b) throws RtmpProtocolException {
        if (b.length < 4) {
            throw new RtmpProtocolException("control message shorter than 4 bytes");
        }
        return ((long) (b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static final class ChunkStream {
        long timestamp;
        long delta;
        int length;
        int typeId;
        int streamId;
        boolean extended;
        byte[] buffer;
        int filled;
    }
}
