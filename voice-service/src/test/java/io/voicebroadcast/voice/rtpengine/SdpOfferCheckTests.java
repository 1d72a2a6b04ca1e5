package io.voicebroadcast.voice.rtpengine;

import io.voicebroadcast.voice.rtpengine.InvalidSdpOfferException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SdpOfferCheckTests {

    private static final String OPUS_OFFER = """
            v=0\r
            o=- 1 1 IN IP4 192.0.2.10\r
            s=participant\r
            c=IN IP4 192.0.2.10\r
            t=0 0\r
            m=audio 40000 RTP/AVP 111\r
            a=rtpmap:111 opus/48000/2\r
            a=sendonly\r
            """;

    private final SdpOfferCheck check = new SdpOfferCheck();

    private void assertRejected(String offer, Reason reason, String message) {
        assertThatThrownBy(() -> check.check(offer))
                .isInstanceOfSatisfying(InvalidSdpOfferException.class, e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    @Test
    void audioOffer_passes_withCrLfOrLf_andMediaLevelConnection() {
        assertThatCode(() -> check.check(OPUS_OFFER)).doesNotThrowAnyException();
        assertThatCode(() -> check.check(OPUS_OFFER.replace("\r\n", "\n"))).doesNotThrowAnyException();
        String mediaLevel = OPUS_OFFER.replace("c=IN IP4 192.0.2.10\r\nt=0 0\r\n", "t=0 0\r\n")
                .replace("a=sendonly\r\n", "c=IN IP4 192.0.2.10\r\na=sendonly\r\n");
        assertThatCode(() -> check.check(mediaLevel)).doesNotThrowAnyException();
    }

    @Test
    void oversizedOffer_isTooLarge() {
        String big = OPUS_OFFER + "a=x-padding:" + "x".repeat(SdpOfferCheck.DEFAULT_MAX_BYTES) + "\r\n";

        assertRejected(big, Reason.TOO_LARGE, "larger than 16384 bytes");
    }

    @Test
    void sizeCapCountsUtf8Bytes_notCharacters() {
        SdpOfferCheck small = new SdpOfferCheck(200);
        String multibyte = OPUS_OFFER.replace("s=participant", "s=" + "é".repeat(60));

        assertThatThrownBy(() -> small.check(multibyte)).hasMessageContaining("larger than 200 bytes");
    }

    @Test
    void textThatIsNotSdp_isMalformed() {
        assertRejected("", Reason.MALFORMED, "empty");
        assertRejected("hello", Reason.MALFORMED, "SDP must start with v=0");
        assertRejected("v=0\r\nthis is not sdp\r\n", Reason.MALFORMED, "line 2 is not <letter>=<value>");
        assertRejected(OPUS_OFFER.replace("o=- 1 1 IN IP4 192.0.2.10\r\n", ""), Reason.MALFORMED, "no o= line");
        assertRejected(OPUS_OFFER.replace("m=audio 40000 RTP/AVP 111", "m=audio 40000 RTP/AVP"), Reason.MALFORMED, "m= needs");
        assertRejected(OPUS_OFFER.replace("m=audio 40000", "m=audio 99999"), Reason.MALFORMED, "not 0..65535");
        assertRejected(OPUS_OFFER.replace("c=IN IP4 192.0.2.10\r\n", ""), Reason.MALFORMED, "has no c= line");
        assertRejected(OPUS_OFFER.replace("s=participant", "s=a\0b"), Reason.MALFORMED, "control character");
        assertRejected(OPUS_OFFER.replace("t=0 0\r\n", "t=0 0\r\n\r\n"), Reason.MALFORMED, "is empty");
    }

    @Test
    void offerWithoutAudio_isRejected_evenWithVideo() {
        assertRejected(OPUS_OFFER.replace("m=audio 40000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2", "m=video 40000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000"),
                Reason.NO_AUDIO, "no m=audio section with a port");
        assertRejected(OPUS_OFFER.replace("m=audio 40000", "m=audio 0"), Reason.NO_AUDIO, "no m=audio section with a port");
        assertRejected(OPUS_OFFER.substring(0, OPUS_OFFER.indexOf("m=")), Reason.NO_AUDIO, "no m= line");
    }
}
