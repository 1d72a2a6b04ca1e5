package io.voicebroadcast.voice.stream;

/** HTTP 400: the request cannot be streamed (P2P room, bad or unreachable URL). The message is masked and shown to the caller. */
public class InvalidStreamRequestException extends RuntimeException {

    public InvalidStreamRequestException(String maskedMessage) {
        super(maskedMessage);
    }
}
