package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.voice.VoiceStreamState;

/**
 * A session's broadcast with the voice stream's status as the voice service reported it.
 *
 * @param voiceStream      null when there is no room yet, or the voice service did not answer
 * @param voiceStreamError why {@code voiceStream} is missing although there is a room (masked)
 */
public record BroadcastReport(BroadcastStatus status, VoiceStreamState voiceStream, String voiceStreamError) {
}
