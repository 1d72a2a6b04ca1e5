package io.voicebroadcast.gamesession.state;

/**
 * A secret as it is stored: AES-GCM output ({@code nonce || ciphertext || tag}) and the id of the
 * key it was sealed under, kept beside it so that a rotated key still opens older values.
 */
public record Sealed(String keyId, byte[] value) {
}
