package io.voicebroadcast.gamesession.voice;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that failed without an answer or with a 5xx, with exponential backoff; a 4xx is
 * final at once. Each failed attempt is logged (the messages are masked where they are made).
 * <p>
 * Retrying a start after a lost answer may meet "already streaming" (409): the orchestrator
 * treats that as started and sends an update instead. Likewise a retried destination add may
 * meet its own destination (409), and a retried remove find it gone (404): both count as done.
 */
public final class RetryingVoiceClient implements VoiceClient {

    private static final Logger log = LoggerFactory.getLogger(RetryingVoiceClient.class);

    private final VoiceClient delegate;
    private final RetryPolicy policy;
    private final Sleeper sleeper;

    public RetryingVoiceClient(VoiceClient delegate, RetryPolicy policy, Sleeper sleeper) {
        this.delegate = delegate;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    @Override
    public UUID createScaledRoom(String displayName) {
        return withRetries(() -> delegate.createScaledRoom(displayName));
    }

    @Override
    public void deleteRoom(UUID roomId) {
        withRetries(() -> {
            delegate.deleteRoom(roomId);
            return null;
        });
    }

    @Override
    public VoiceStreamState startStream(UUID roomId, VoiceStreamSpec spec) {
        return withRetries(() -> delegate.startStream(roomId, spec));
    }

    @Override
    public VoiceStreamState updateStream(UUID roomId, StreamChange change) {
        return withRetries(() -> delegate.updateStream(roomId, change));
    }

    @Override
    public VoiceStreamState switchLayout(UUID roomId, VoiceStreamSpec spec) {
        return withRetries(() -> delegate.switchLayout(roomId, spec));
    }

    @Override
    public VoiceStreamState addDestination(UUID roomId, StreamDestination destination) {
        return withRetries(() -> delegate.addDestination(roomId, destination));
    }

    @Override
    public VoiceStreamState removeDestination(UUID roomId, String destinationId) {
        return withRetries(() -> delegate.removeDestination(roomId, destinationId));
    }

    @Override
    public VoiceStreamState stopStream(UUID roomId) {
        return withRetries(() -> delegate.stopStream(roomId));
    }

    @Override
    public VoiceStreamState streamStatus(UUID roomId) {
        return withRetries(() -> delegate.streamStatus(roomId));
    }

    private <T> T withRetries(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (VoiceCallException e) {
                boolean again = e.retryable() && attempt < policy.attempts();
                if (!again) {
                    log.warn("{} (attempt {}/{}, {})", e.getMessage(), attempt, policy.attempts(),
                            e.retryable() ? "giving up" : "not retried");
                    throw e;
                }
                Duration wait = policy.backoffAfter(attempt);
                log.warn("{} (attempt {}/{}, retrying in {} ms)", e.getMessage(), attempt, policy.attempts(), wait.toMillis());
                sleeper.sleep(wait);
            }
        }
    }
}
