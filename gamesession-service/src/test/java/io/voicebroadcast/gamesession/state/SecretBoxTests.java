package io.voicebroadcast.gamesession.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTests {

    static final String URL = "rtmp://live.twitch.tv/app/sk_live_0123456789abcdef";

    static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void sealThenOpen_givesTheValueBack_andTheSealedBytesHoldNoPlainText() {
        SecretBox box = SecretBox.fromSettings(newKey(), "2026-12", null);

        Sealed sealed = box.seal(URL);

        assertThat(sealed.keyId()).isEqualTo("2026-12");
        assertThat(new String(sealed.value(), StandardCharsets.ISO_8859_1)).doesNotContain("sk_live").doesNotContain("twitch");
        assertThat(box.open(sealed)).isEqualTo(URL);
        assertThat(box.seal(URL).value()).as("a fresh nonce each time").isNotEqualTo(sealed.value());
        assertThat(box.seal(null)).isNull();
        assertThat(box.open(null)).isNull();
    }

    @Test
    void anAlteredValue_doesNotOpen() {
        SecretBox box = SecretBox.fromSettings(newKey(), null, null);
        Sealed sealed = box.seal(URL);
        byte[] tampered = sealed.value().clone();
        tampered[tampered.length / 2] ^= 1;

        assertThatThrownBy(() -> box.open(new Sealed(sealed.keyId(), tampered)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not authenticate")
                .hasMessageNotContaining("sk_live");
    }

    @Test
    void aValueRelabelledWithAnotherKeyId_doesNotOpen() {
        String key = newKey();
        SecretBox box = SecretBox.fromSettings(key, "a", "b:" + key);
        Sealed sealed = box.seal(URL);

        assertThatThrownBy(() -> box.open(new Sealed("b", sealed.value()))).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> box.open(new Sealed("unknown", sealed.value())))
                .hasMessageContaining("key id unknown").hasMessageContaining("GAMESESSION_SECRETS_PREVIOUS_KEYS");
    }

    @Test
    void rotation_newValuesUseTheNewKey_olderOnesStillOpenUnderThePreviousKey() {
        String oldKey = newKey();
        SecretBox before = SecretBox.fromSettings(oldKey, "k1", null);
        Sealed old = before.seal(URL);

        SecretBox after = SecretBox.fromSettings(newKey(), "k2", "k1:" + oldKey);

        assertThat(after.open(old)).isEqualTo(URL);
        assertThat(after.isStale(old)).isTrue();
        Sealed fresh = after.seal(URL);
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(after.isStale(fresh)).isFalse();
        assertThatThrownBy(() -> before.open(fresh)).hasMessageContaining("key id k2");
    }

    @Test
    void aMissingOrMalformedKey_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SecretBox.fromSettings(null, null, null)).hasMessageContaining("GAMESESSION_SECRETS_KEY must be set");
        assertThatThrownBy(() -> SecretBox.fromSettings(" ", null, null)).hasMessageContaining("GAMESESSION_SECRETS_KEY must be set");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.fromSettings(shortKey, null, null))
                .hasMessageContaining("GAMESESSION_SECRETS_KEY").hasMessageContaining("32 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> SecretBox.fromSettings("not base64!", null, null)).hasMessageContaining("GAMESESSION_SECRETS_KEY is not valid base64");
        assertThatThrownBy(() -> SecretBox.fromSettings(newKey(), null, "nocolon")).hasMessageContaining("GAMESESSION_SECRETS_PREVIOUS_KEYS");
        assertThatThrownBy(() -> SecretBox.fromSettings(newKey(), "bad id!", null)).hasMessageContaining("GAMESESSION_SECRETS_KEY_ID");
    }
}
