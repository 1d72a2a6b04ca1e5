package io.voicebroadcast.gamesession.state;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals every secret this service stores (destination URLs with their stream keys, fallback and
 * camera URLs) with AES-256-GCM under the current key, and opens values sealed under the current or
 * a previous key. The key id is authenticated with the value (GCM's associated data): a value
 * relabelled with another id does not open. Error messages name settings and key ids, never a key
 * or a value. Plain Java.
 */
public final class SecretBox {

    static final String KEY_VARIABLE = "GAMESESSION_SECRETS_KEY";
    static final String KEY_ID_VARIABLE = "GAMESESSION_SECRETS_KEY_ID";
    static final String PREVIOUS_VARIABLE = "GAMESESSION_SECRETS_PREVIOUS_KEYS";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * The keys as the settings give them.
     *
     * @param key      GAMESESSION_SECRETS_KEY: base64 of 32 random bytes (required)
     * @param keyId    GAMESESSION_SECRETS_KEY_ID: its id (blank: {@code k1})
     * @param previous GAMESESSION_SECRETS_PREVIOUS_KEYS: {@code id:base64,id:base64} of earlier keys (may be blank)
     * @throws StateSettingException naming the setting that is missing or malformed
     */
    public static SecretBox fromSettings(String key, String keyId, String previous) {
        String id = keyId == null || keyId.isBlank() ? "k1" : keyId.strip();
        if (!id.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new StateSettingException(KEY_ID_VARIABLE + " must be 1 to 32 of A-Z a-z 0-9 . _ -");
        }
        if (key == null || key.isBlank()) {
            throw new StateSettingException(KEY_VARIABLE + " must be set when the state is in PostgreSQL (SPRING_DATASOURCE_URL):"
                    + " base64 of 32 random bytes, e.g. `openssl rand -base64 32`");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(id, decode(key, KEY_VARIABLE));
        if (previous != null && !previous.isBlank()) {
            for (String entry : previous.split(",")) {
                int colon = entry.indexOf(':');
                if (colon < 1) {
                    throw new StateSettingException(PREVIOUS_VARIABLE + " must be a comma-separated list of id:base64-key");
                }
                String previousId = entry.substring(0, colon).strip();
                if (keys.containsKey(previousId)) {
                    throw new StateSettingException(PREVIOUS_VARIABLE + " names key id " + previousId + " twice (or the current one)");
                }
                keys.put(previousId, decode(entry.substring(colon + 1).strip(), PREVIOUS_VARIABLE + " (key " + previousId + ")"));
            }
        }
        return new SecretBox(id, keys);
    }

    private static SecretKey decode(String base64, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new StateSettingException(setting + " is not valid base64; it must be base64 of " + KEY_BYTES + " random bytes");
        }
        if (raw.length != KEY_BYTES) {
            throw new StateSettingException(setting + " must be base64 of " + KEY_BYTES + " bytes (AES-256); it decodes to "
                    + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** The id new values are sealed under. */
    public String currentKeyId() {
        return currentId;
    }

    /** Seals {@code plain} under the current key; null stays null. */
    public Sealed seal(String plain) {
        if (plain == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, currentId);
            byte[] body = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + body.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(body, 0, out, NONCE_BYTES, body.length);
            return new Sealed(currentId, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Opens a sealed value; null stays null.
     *
     * @throws IllegalStateException when its key id is not configured, or it was altered (or sealed under another key)
     */
    public String open(Sealed sealed) {
        if (sealed == null) {
            return null;
        }
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new StateSettingException("a stored secret is sealed under key id " + sealed.keyId() + ", which is neither "
                    + KEY_ID_VARIABLE + " nor in " + PREVIOUS_VARIABLE);
        }
        byte[] v = sealed.value();
        if (v == null || v.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a stored secret under key id " + sealed.keyId() + " is truncated");
        }
        try {
            byte[] nonce = java.util.Arrays.copyOfRange(v, 0, NONCE_BYTES);
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, sealed.keyId());
            return new String(c.doFinal(v, NONCE_BYTES, v.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret under key id " + sealed.keyId()
                    + " does not authenticate: altered, or sealed under another key of that id");
        }
    }

    /** Whether {@code sealed} is under an older key (a rewrite seals it under the current one). */
    public boolean isStale(Sealed sealed) {
        return sealed != null && !currentId.equals(sealed.keyId());
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
