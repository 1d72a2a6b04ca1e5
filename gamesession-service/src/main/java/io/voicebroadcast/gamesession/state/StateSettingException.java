package io.voicebroadcast.gamesession.state;

/** A setting of the state (GAMESESSION_SECRETS_*, SPRING_DATASOURCE_URL) missing or malformed; its message names the setting, never a secret. */
public final class StateSettingException extends IllegalStateException {

    StateSettingException(String message) {
        super(message);
    }
}
