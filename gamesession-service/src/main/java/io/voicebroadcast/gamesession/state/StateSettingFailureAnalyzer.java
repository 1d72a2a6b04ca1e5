package io.voicebroadcast.gamesession.state;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up stopped by a setting of the state: Spring Boot's "APPLICATION FAILED TO START" with the setting named, no stack trace. */
public final class StateSettingFailureAnalyzer extends AbstractFailureAnalyzer<StateSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StateSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct the setting (docs/state.md#settings), or unset SPRING_DATASOURCE_URL to keep the state in memory.", cause);
    }
}
