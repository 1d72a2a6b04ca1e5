package io.voicebroadcast.voice.rtpengine;

/**
 * A reply that is not what the ng protocol promises: not bencode, not a dictionary, no or an
 * unknown {@code result}, a missing key, or larger than the receive buffer.
 */
public final class NgProtocolException extends NgException {

    public NgProtocolException(String command, String message, Throwable cause) {
        super(command, message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
