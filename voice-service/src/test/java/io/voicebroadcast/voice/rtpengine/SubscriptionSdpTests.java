package io.voicebroadcast.voice.rtpengine;

import io.voicebroadcast.voice.audio.RtpCodec;
import io.voicebroadcast.voice.audio.RtpPayloadFormat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicebroadcast.voice.rtpengine.BencodeTests.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionSdpTests {

    private final SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1", 4242);

    private static SubscribeOffer recordedOffer(String name) {
        byte[] bytes = recorded(name);
        Map<String, Object> reply = Bencode.decodeDictionary(bytes, 0, bytes.length);
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) reply.get("from-tags");
        return new SubscribeOffer((String) reply.get("sdp"), tags, (String) reply.get("to-tag"));
    }

    /** Two sources, as 10.5 offers them: c= per section, no a=label, no a=mid. */
    private static final String TWO_SOURCES = """
            v=0\r
            o=- 7711996517389092052 7711996517389092052 IN IP4 127.0.0.1\r
            s=rtpengine-10-5-3-5-1-deb12u1\r
            t=0 0\r
            m=audio 28476 RTP/AVP 111\r
            c=IN IP4 127.0.0.1\r
            a=rtpmap:111 opus/48000/2\r
            a=fmtp:111 minptime=10;useinbandfec=1\r
            a=sendonly\r
            a=rtcp:28477\r
            a=ptime:20\r
            m=audio 28486 RTP/AVP 0\r
            c=IN IP4 127.0.0.2\r
            a=rtpmap:0 PCMU/8000\r
            a=sendonly\r
            a=rtcp:28487\r
            a=ptime:20\r
            """;

    @Test
    void recordedOffer_isOneSectionPerFromTag_inOrder_withRtpEnginesSenderAddress() {
        List<OfferedSource> sources = sdp.parseOffer(recordedOffer("subscribe-request-two"));

        assertThat(sources).extracting(OfferedSource::fromTag).containsExactly("alice", "bob");
        OfferedSource alice = sources.get(0);
        assertThat(alice.media()).isEqualTo("audio");
        assertThat(alice.protocol()).isEqualTo("RTP/AVP");
        assertThat(alice.payloadTypes()).containsExactly(111);
        assertThat(alice.rtpmaps()).containsEntry(111, "opus/48000/2");
        assertThat(alice.senderHost()).isEqualTo("127.0.0.1");
        assertThat(alice.senderPort()).isBetween(1, 65_535);
        assertThat(alice.label()).isEmpty();
        assertThat(alice.mid()).isEmpty();
        assertThat(sources.get(1).payloadTypes()).containsExactly(0);
        assertThat(sources.get(1).rtpmaps()).containsEntry(0, "PCMU/8000");
    }

    @Test
    void mediaLevelConnection_winsOverSession_andFmtpIsKept() {
        List<OfferedSource> sources = sdp.parseOffer(new SubscribeOffer(TWO_SOURCES, List.of("a", "b"), "bc"));

        assertThat(sources.get(0).fmtps()).containsEntry(111, "minptime=10;useinbandfec=1");
        assertThat(sources.get(1).senderHost()).isEqualTo("127.0.0.2");
        assertThat(sources.get(1).senderPort()).isEqualTo(28486);
    }

    @Test
    void singleSource_usesTheSessionLevelConnection_andLabelAndMidWhenThePublisherHadThem() {
        String one = """
                v=0\r
                o=- 3 1 IN IP4 127.0.0.1\r
                s=participant\r
                c=IN IP4 127.0.0.1\r
                t=0 0\r
                m=audio 40082 RTP/AVP 8\r
                a=label:carol-label\r
                a=mid:m0\r
                a=rtpmap:8 PCMA/8000\r
                a=sendonly\r
                a=rtcp:40083\r
                """;

        OfferedSource carol = sdp.parseOffer(new SubscribeOffer(one, List.of("carol"), "bc")).get(0);

        assertThat(carol.senderHost()).isEqualTo("127.0.0.1");
        assertThat(carol.label()).contains("carol-label");
        assertThat(carol.mid()).contains("m0");
    }

    @Test
    void answer_hasOneRecvonlySectionPerSource_eachOnItsOwnPort_withCrLf() {
        List<OfferedSource> sources = sdp.parseOffer(recordedOffer("subscribe-request-two"));

        SubscriptionAnswer answer = sdp.answer(sources, Map.of("alice", 30_000, "bob", 30_002), Optional.empty());

        assertThat(answer.sdp()).isEqualTo("""
                v=0\r
                o=- 4242 1 IN IP4 127.0.0.1\r
                s=voice-broadcast\r
                c=IN IP4 127.0.0.1\r
                t=0 0\r
                m=audio 30000 RTP/AVP 111\r
                a=rtpmap:111 opus/48000/2\r
                a=rtcp:30000\r
                a=recvonly\r
                m=audio 30002 RTP/AVP 0\r
                a=rtpmap:0 PCMU/8000\r
                a=rtcp:30002\r
                a=recvonly\r
                """);
        assertThat(answer.accepted()).containsExactly(
                new AnsweredSource("alice", 30_000, RtpPayloadFormat.of("opus", 111, 48_000, 2), "127.0.0.1", sources.get(0).senderPort()),
                new AnsweredSource("bob", 30_002, RtpPayloadFormat.of("PCMU", 0, 8_000, 1), "127.0.0.1", sources.get(1).senderPort()));
        assertThat(answer.rejected()).isEmpty();
    }

    @Test
    void answerAgain_raisesTheSessionVersion_andEchoesFmtp() {
        List<OfferedSource> sources = sdp.parseOffer(new SubscribeOffer(TWO_SOURCES, List.of("a", "b"), "bc"));
        sdp.answer(sources, Map.of("a", 30_000, "b", 30_002), Optional.empty());

        String second = sdp.answer(sources, Map.of("a", 30_000, "b", 30_002), Optional.empty()).sdp();

        assertThat(second).contains("o=- 4242 2 IN IP4 127.0.0.1\r\n").contains("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
    }

    @Test
    void transcodingOffer_answersThePreferredCodec_notTheOriginal() {
        List<OfferedSource> sources = sdp.parseOffer(recordedOffer("subscribe-request-transcode"));
        assertThat(sources.get(0).payloadTypes()).containsExactly(111, 0);

        SubscriptionAnswer preferred = sdp.answer(sources, Map.of("carol", 30_000), Optional.of(RtpCodec.PCMU));
        SubscriptionAnswer firstOffered = sdp.answer(sources, Map.of("carol", 30_000), Optional.empty());

        assertThat(preferred.accepted().get(0).format().codec()).isEqualTo(RtpCodec.PCMU);
        assertThat(preferred.sdp()).contains("m=audio 30000 RTP/AVP 0\r\n").doesNotContain("opus");
        assertThat(firstOffered.accepted().get(0).format().codec()).isEqualTo(RtpCodec.OPUS);
    }

    @Test
    void sectionWithoutACodecWeDecode_isRefusedWithPortZero_andReported() {
        String g722 = TWO_SOURCES.replace("m=audio 28486 RTP/AVP 0", "m=audio 28486 RTP/AVP 9")
                .replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:9 G722/8000");
        List<OfferedSource> sources = sdp.parseOffer(new SubscribeOffer(g722, List.of("a", "b"), "bc"));

        SubscriptionAnswer answer = sdp.answer(sources, Map.of("a", 30_000), Optional.empty());

        assertThat(answer.rejected()).containsExactly("b");
        assertThat(answer.accepted()).extracting(AnsweredSource::fromTag).containsExactly("a");
        assertThat(answer.sdp()).endsWith("a=recvonly\r\nm=audio 0 RTP/AVP 9\r\n");
    }

    @Test
    void staticPayloadTypes_needNoRtpmap_andSrtpIsRefused() {
        String noRtpmap = TWO_SOURCES.replace("a=rtpmap:0 PCMU/8000\r\n", "").replace("m=audio 28476 RTP/AVP", "m=audio 28476 RTP/SAVP");
        List<OfferedSource> sources = sdp.parseOffer(new SubscribeOffer(noRtpmap, List.of("a", "b"), "bc"));

        SubscriptionAnswer answer = sdp.answer(sources, Map.of("b", 30_002), Optional.empty());

        assertThat(answer.rejected()).containsExactly("a");
        assertThat(answer.accepted().get(0).format()).isEqualTo(RtpPayloadFormat.of("PCMU", 0, 8_000, 1));
        assertThat(answer.sdp()).contains("a=rtpmap:0 PCMU/8000\r\n");
    }

    @Test
    void ipv6AnswerAddress_isWrittenAsIp6() {
        SubscriptionSdp v6 = new SubscriptionSdp("::1", 1);
        List<OfferedSource> sources = v6.parseOffer(new SubscribeOffer(TWO_SOURCES, List.of("a", "b"), "bc"));

        assertThat(v6.answer(sources, Map.of("a", 1_000, "b", 1_002), Optional.empty()).sdp())
                .contains("o=- 1 1 IN IP6 ::1\r\n").contains("c=IN IP6 ::1\r\n");
    }

    @Test
    void missingOrSharedPorts_areRefused() {
        List<OfferedSource> sources = sdp.parseOffer(new SubscribeOffer(TWO_SOURCES, List.of("a", "b"), "bc"));

        assertThatThrownBy(() -> sdp.answer(sources, Map.of("a", 30_000), Optional.empty()))
                .hasMessageContaining("no local port (1..65535) given for source b");
        assertThatThrownBy(() -> sdp.answer(sources, Map.of("a", 30_000, "b", 30_000), Optional.empty()))
                .hasMessageContaining("local port 30000 given to two sources");
    }

    @Test
    void offerWhoseSectionsDoNotMatchTheTags_isAProtocolError() {
        assertThatThrownBy(() -> sdp.parseOffer(new SubscribeOffer(TWO_SOURCES, List.of("a"), "bc")))
                .isInstanceOf(NgProtocolException.class)
                .hasMessageContaining("has 2 m= sections for 1 from-tags [a]");
    }

    @Test
    void moreSectionsThanTags_areLeftoversOfPublishersWhoLeft_fewerOrEqualAreNot() {
        assertThat(sdp.hasLeftoverSections(new SubscribeOffer(TWO_SOURCES, List.of("a"), "bc"))).isTrue();
        assertThat(sdp.hasLeftoverSections(new SubscribeOffer(TWO_SOURCES, List.of("a", "b"), "bc"))).isFalse();
        assertThat(sdp.hasLeftoverSections(new SubscribeOffer(TWO_SOURCES, List.of("a", "b", "c"), "bc"))).isFalse();
        assertThat(sdp.hasLeftoverSections(new SubscribeOffer("not sdp", List.of("a"), "bc"))).as("parseOffer reports it").isFalse();
    }

    @Test
    void brokenOffers_areProtocolErrors_thatSayWhatIsWrong() {
        assertThatThrownBy(() -> sdp.parseOffer(new SubscribeOffer("not sdp", List.of("a"), "bc")))
                .isInstanceOf(NgProtocolException.class).hasMessageContaining("is not SDP");
        String noConnection = TWO_SOURCES.replace("c=IN IP4 127.0.0.1\r\n", "");
        assertThatThrownBy(() -> sdp.parseOffer(new SubscribeOffer(noConnection, List.of("a", "b"), "bc")))
                .isInstanceOf(NgProtocolException.class).hasMessageContaining("section 0 has no c= line");
        String badFormat = TWO_SOURCES.replace("RTP/AVP 111", "RTP/AVP opus");
        assertThatThrownBy(() -> sdp.parseOffer(new SubscribeOffer(badFormat, List.of("a", "b"), "bc")))
                .isInstanceOf(NgProtocolException.class).hasMessageContaining("format opus");
    }
}
