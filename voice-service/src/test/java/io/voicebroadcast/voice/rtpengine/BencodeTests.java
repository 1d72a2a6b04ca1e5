package io.voicebroadcast.voice.rtpengine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BencodeTests {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] recorded(String name) {
        try (InputStream in = BencodeTests.class.getResourceAsStream("/rtpengine/" + name + ".bencode")) {
            assertThat(in).as("recorded reply %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unsortedDictionary_decodes_keepingRtpEnginesKeyOrder() {
        Object value = Bencode.decode(ascii("d7:warning3:hmm6:result2:oke"));

        assertThat(value).isInstanceOf(LinkedHashMap.class);
        assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("warning", "result"));
    }

    @Test
    void recordedSubscribeReply_decodes_sdpBeforeResult_withCrLfAndExactByteCounts() {
        byte[] bytes = recorded("subscribe-request-two");
        Map<String, Object> reply = Bencode.decodeDictionary(bytes, 0, bytes.length);

        assertThat(reply.keySet()).containsExactly("sdp", "from-tags", "to-tag", "result");
        assertThat(reply.get("from-tags")).isEqualTo(List.of("alice", "bob"));
        assertThat((String) reply.get("sdp")).startsWith("v=0\r\n").endsWith("a=ptime:20\r\n").contains("m=audio ");
    }

    @Test
    void recordedQueryReply_decodesIntegersAsLong_andNestedListsAndDictionaries() {
        byte[] bytes = recorded("query-two-publishers");
        Map<String, Object> reply = Bencode.decodeDictionary(bytes, 0, bytes.length);

        assertThat(reply.get("created")).isInstanceOf(Long.class);
        Map<?, ?> alice = (Map<?, ?>) ((Map<?, ?>) reply.get("tags")).get("alice");
        Map<?, ?> media = (Map<?, ?>) ((List<?>) alice.get("medias")).get(0);
        assertThat(media.get("flags")).isEqualTo(List.of("initialized", "recv"));
        Map<?, ?> stream = (Map<?, ?>) ((List<?>) media.get("streams")).get(0);
        assertThat(stream.get("local port")).isInstanceOf(Long.class);
    }

    @Test
    void stringLengthsAreByteCounts_forUtf8AndCrLf() {
        String sdp = "v=0\r\ns=Café ☕\r\n";
        byte[] encoded = Bencode.encode(Map.of("sdp", sdp));

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("d3:sdp" + sdp.getBytes(StandardCharsets.UTF_8).length + ":" + sdp + "e");
        assertThat(sdp.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(sdp.length());
        assertThat(Bencode.decode(encoded)).isEqualTo(Map.of("sdp", sdp));
    }

    @Test
    void encode_writesKeysSorted_listsInOrder_integersAndBytes() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", "subscribe request");
        request.put("call-id", "room");
        request.put("from-tags", List.of("b", "a"));
        request.put("delete delay", 0L);
        request.put("raw", new byte[] {'x', 'y'});
        request.put("codec", Map.of("transcode", List.of("PCMU")));

        assertThat(new String(Bencode.encode(request), StandardCharsets.UTF_8)).isEqualTo(
                "d7:call-id4:room5:codecd9:transcodel4:PCMUee7:command17:subscribe request"
                        + "12:delete delayi0e9:from-tagsl1:b1:ae3:raw2:xye");
    }

    @Test
    void nestedLists_roundTrip() {
        List<Object> nested = List.of(List.of(), List.of(1L, List.of("x", -7L)), Map.of());

        assertThat(Bencode.decode(Bencode.encode(nested))).isEqualTo(nested);
        assertThat(new String(Bencode.encode(nested), StandardCharsets.UTF_8)).isEqualTo("lleli1el1:xi-7eeedee");
    }

    @Test
    void encode_rejectsTypesBencodeDoesNotHave() {
        assertThatThrownBy(() -> Bencode.encode(Map.of("flag", true))).hasMessageContaining("Boolean");
        assertThatThrownBy(() -> Bencode.encode(1.5)).hasMessageContaining("Double");
        assertThatThrownBy(() -> Bencode.encode(Map.of(1, "x"))).hasMessageContaining("keys must be strings");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                | input ends where a value was expected",
            "d3:sdp            | input ends where a value was expected",
            "d3:sdp5:abe       | string of 5 bytes declared, only 3 left",
            "5:ab              | string of 5 bytes declared, only 2 left",
            "i1.5e             | integer has '.' where a digit or 'e' belongs",
            "ie                | integer has no digits",
            "i-0e              | negative zero",
            "i03e              | integer has a leading zero",
            "i99999999999999999999e | integer does not fit in 64 bits",
            "d6:result2:okexyz | 3 bytes after the end of the value",
            "di1e2:oke         | dictionary key must be a string, found 'i'",
            "x                 | expected 'i', 'l', 'd' or a string length, found 'x'",
            "li1e              | input ends where a list item or 'e' was expected",
            "3x:abc            | string length has 'x' where a digit or ':' belongs",
    })
    void malformedInput_failsWithAClearMessage(String input, String message) {
        assertThatThrownBy(() -> Bencode.decode(ascii(input)))
                .isInstanceOf(BencodeException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("at byte");
    }

    @Test
    void oversizedStringClaim_failsBeforeAllocating() {
        byte[] claim = ascii("d3:sdp2000000000:xe");

        assertThatThrownBy(() -> Bencode.decode(claim))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.truncated()).isTrue();
                    assertThat(e.offset()).isEqualTo(6);
                })
                .hasMessageContaining("string of 2000000000 bytes declared, only 2 left");
        assertThatThrownBy(() -> Bencode.decode(ascii("d3:sdp99999999999999999999:xe")))
                .hasMessageContaining("does not fit in 64 bits");
    }

    @Test
    void deepNesting_isCapped_insteadOfOverflowingTheStack() {
        byte[] deep = ascii("l".repeat(100_000) + "e".repeat(100_000));

        assertThatThrownBy(() -> Bencode.decode(deep)).hasMessageContaining("nested deeper than 64 levels");
    }

    @Test
    void valueLength_findsTheEndOfOneValue_orSaysMoreBytesAreNeeded() {
        byte[] stream = ascii("d6:result4:ponge12345 d");

        assertThat(Bencode.valueLength(stream, 0, stream.length)).isEqualTo(16);
        assertThatThrownBy(() -> Bencode.valueLength(stream, 0, 10))
                .isInstanceOfSatisfying(BencodeException.class, e -> assertThat(e.truncated()).isTrue());
        assertThatThrownBy(() -> Bencode.valueLength(ascii("dx"), 0, 2))
                .isInstanceOfSatisfying(BencodeException.class, e -> assertThat(e.truncated()).isFalse());
    }

    @Test
    void decodeDictionary_rejectsOtherTopLevelValues() {
        assertThatThrownBy(() -> Bencode.decodeDictionary(ascii("le"), 0, 2)).hasMessageContaining("expected a dictionary");
    }
}
