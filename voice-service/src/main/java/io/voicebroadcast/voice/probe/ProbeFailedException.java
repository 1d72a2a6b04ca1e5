package io.voicebroadcast.voice.probe;

/** A background stream failed its probe; the message is masked and safe to log or return. */
public class ProbeFailedException extends RuntimeException {

    private final ProbeFailure failure;

    public ProbeFailedException(ProbeFailure failure, String maskedMessage) {
        super(maskedMessage);
        this.failure = failure;
    }

    public ProbeFailure failure() {
        return failure;
    }
}
