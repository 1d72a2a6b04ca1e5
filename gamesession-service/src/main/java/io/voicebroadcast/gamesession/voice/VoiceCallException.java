package io.voicebroadcast.gamesession.voice;

/**
 * A failed call to the voice service. The message is masked where it is made; {@link #status()}
 * is the HTTP status when there was an answer.
 */
public final class VoiceCallException extends RuntimeException {

    private final VoiceOperation operation;
    private final VoiceFailure failure;
    private final Integer status;
    private final String problemType;

    public VoiceCallException(VoiceOperation operation, VoiceFailure failure, Integer status, String problemType, String maskedMessage) {
        super(maskedMessage);
        this.operation = operation;
        this.failure = failure;
        this.status = status;
        this.problemType = problemType;
    }

    public VoiceOperation operation() {
        return operation;
    }

    public VoiceFailure failure() {
        return failure;
    }

    public boolean retryable() {
        return failure.retryable();
    }

    /** The HTTP status, or null when the voice service did not answer. */
    public Integer status() {
        return status;
    }

    /** The last segment of the problem's {@code type} (e.g. {@code already-streaming}), if the answer was a problem. */
    public String problemType() {
        return problemType;
    }

    public boolean isStatus(int code) {
        return status != null && status == code;
    }
}
