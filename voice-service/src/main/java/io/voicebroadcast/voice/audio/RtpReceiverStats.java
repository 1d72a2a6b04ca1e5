package io.voicebroadcast.voice.audio;

import java.util.OptionalLong;

/**
 * Counters of one room-audio RTP receiver since it started.
 *
 * @param packetsReceived RTP packets of the stream's payload type
 * @param lost            packets that never came (or could not be decoded), played as concealment
 * @param late            packets that came after their turn and were dropped
 * @param duplicates      packets received twice
 * @param droppedByCap    packets dropped because the jitter buffer was full
 * @param malformed       datagrams that are not RTP
 * @param ignored         RTCP on the RTP port and packets of other payload types (comfort noise, DTMF)
 * @param resets          times a new stream began (new SSRC, sequence restart)
 * @param lastPacketNanos when the last RTP packet of the stream arrived, on the receiver's nano clock
 */
public record RtpReceiverStats(long packetsReceived, long lost, long late, long duplicates, long droppedByCap,
                               long malformed, long ignored, long resets, OptionalLong lastPacketNanos) {
}
