package io.voicebroadcast.voice.rtpengine;

import io.voicebroadcast.voice.audio.RtpPayloadFormat;

/**
 * A source accepted in our subscribe answer: what to receive, on which local port, from where.
 *
 * @param localPort  our port for it (one per source: on a shared port the SSRCs interleave)
 * @param format     the one payload format we answered and will decode
 * @param senderHost where RTPEngine sends from ({@code c=} of its offer)
 * @param senderPort RTPEngine's port for this source
 */
public record AnsweredSource(String fromTag, int localPort, RtpPayloadFormat format, String senderHost, int senderPort) {
}
