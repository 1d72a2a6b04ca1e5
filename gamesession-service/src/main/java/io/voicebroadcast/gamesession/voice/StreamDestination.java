package io.voicebroadcast.gamesession.voice;

import io.voicebroadcast.security.StreamKeyMasker;

/**
 * One destination of a voice stream: its id within the broadcast and its URL, which holds a
 * secret (an RTMP stream key, an SRT {@code streamid} and {@code passphrase}). {@link #toString()}
 * masks it strictly, whatever its scheme.
 *
 * @param id  null only where the voice service is to name it
 * @param url null only for a running destination whose URL is not known (a stream taken over)
 */
public record StreamDestination(String id, String url) {

    /** The URL for a status or a log line. */
    public String maskedUrl() {
        return url == null ? "(unknown)" : StreamKeyMasker.maskStrictly(url);
    }

    @Override
    public String toString() {
        return (id == null ? "(unnamed)" : id) + "=" + maskedUrl();
    }
}
