package io.voicebroadcast.voice.audio;

/**
 * A room's audio counters since its broadcast started, over all its RTP sources, including
 * those that have left (so every count only grows).
 *
 * @param sources          RTP streams received now (direct mode: always one)
 * @param packetsReceived  RTP packets taken
 * @param late             packets that came after their turn and were dropped
 * @param lost             packets that never came, played as concealment or silence
 * @param unexpectedSender datagrams from an address the subscription does not use, dropped unread
 */
public record RtpTotals(int sources, long packetsReceived, long late, long lost, long unexpectedSender) {

    public static final RtpTotals NONE = new RtpTotals(0, 0, 0, 0, 0);

    /** These totals with one more source's counters added ({@code sources} is left as it is). */
    public RtpTotals plus(RtpStreamStats s) {
        return new RtpTotals(sources, packetsReceived + s.packetsReceived(), late + s.late(), lost + s.lost(),
                unexpectedSender + s.droppedUnexpectedSender());
    }

    public RtpTotals withSources(int count) {
        return new RtpTotals(count, packetsReceived, late, lost, unexpectedSender);
    }
}
