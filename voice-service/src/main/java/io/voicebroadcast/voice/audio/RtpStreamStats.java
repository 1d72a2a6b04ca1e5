package io.voicebroadcast.voice.audio;

import java.util.OptionalLong;

/**
 * Counters of one {@link RtpStreamInput} since it started.
 *
 * @param packetsReceived         RTP packets of the stream's payload type from the expected sender
 * @param lost                    packets that never came (or could not be decoded), played as concealment
 * @param late                    packets that came after their turn and were dropped
 * @param duplicates              packets received twice
 * @param droppedByCap            packets dropped because the jitter buffer was full
 * @param droppedUnexpectedSender datagrams from an address other than the expected sender's, dropped unread
 * @param malformed               datagrams from the sender that are not RTP
 * @param ignored                 RTCP and packets of other payload types (comfort noise, DTMF)
 * @param resets                  times a new stream began (new SSRC, sequence restart)
 * @param lastPacketNanos         when the last RTP packet arrived, on the input's nano clock
 */
public record RtpStreamStats(long packetsReceived, long lost, long late, long duplicates, long droppedByCap,
                             long droppedUnexpectedSender, long malformed, long ignored, long resets,
                             OptionalLong lastPacketNanos) {
}
