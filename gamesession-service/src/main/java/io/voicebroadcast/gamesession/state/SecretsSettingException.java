package io.voicebroadcast.gamesession.state;

/** A secrets setting (GAMESESSION_SECRETS_*) missing or malformed; its message names the setting, never a key. */
public final class SecretsSettingException extends IllegalStateException {

    SecretsSettingException(String message) {
        super(message);
    }
}
