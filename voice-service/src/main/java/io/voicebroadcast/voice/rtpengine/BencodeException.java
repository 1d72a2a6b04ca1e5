package io.voicebroadcast.voice.rtpengine;

/**
 * Bytes that are not one complete bencoded value. The message names the rule that was broken and
 * the byte offset where it was noticed.
 */
public class BencodeException extends IllegalArgumentException {

    private final int offset;
    private final boolean truncated;

    BencodeException(String message, int offset, boolean truncated) {
        super(message + " at byte " + offset);
        this.offset = offset;
        this.truncated = truncated;
    }

    /** Where in the input the problem was noticed. */
    public int offset() {
        return offset;
    }

    /**
     * The input ended inside a value: more bytes could complete it. A stream reader (ng over TCP)
     * reads on; for a datagram it is an error like any other.
     */
    public boolean truncated() {
        return truncated;
    }
}
