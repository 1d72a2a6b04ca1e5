package io.voicebroadcast.gamesession.state;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up stopped by a secrets setting: Spring Boot's "APPLICATION FAILED TO START" with the setting named, no stack trace. */
public final class SecretsSettingFailureAnalyzer extends AbstractFailureAnalyzer<SecretsSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretsSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set the GameSession service's secrets key (docs/state.md#settings), or unset"
                + " SPRING_DATASOURCE_URL to keep the state in memory.", cause);
    }
}
