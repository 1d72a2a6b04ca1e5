package io.voicebroadcast.voice.pipeline.encoder;

/**
 * The configured video encoder cannot be used with this FFmpeg build. The message says why and
 * what to set instead; retrying does not help until the configuration or the build changes.
 */
public class EncoderConfigurationException extends RuntimeException {

    public EncoderConfigurationException(String message) {
        super(message);
    }
}
