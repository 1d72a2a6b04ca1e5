package io.voicebroadcast.voice.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Tests {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void writer_encodesTheSpecsByteLayout() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", 1.0);
        byte[] bytes = new Amf0Writer().string("connect").number(1).bool(true).nul().object(object).toByteArray();

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "0200" + "07" + HexFormat.of().formatHex("connect".getBytes())  // string: type, u16 length, bytes
                        + "00" + "3ff0000000000000"                               // number 1.0, big-endian double
                        + "0101"                                                   // boolean true
                        + "05"                                                     // null
                        + "03" + "0001" + "61" + "00" + "3ff0000000000000" + "000009"); // object {a: 1.0}
    }

    @Test
    void connectCommand_carriesAppTcUrlAndTransactionOne_andNoKey() throws Exception {
        byte[] payload = RtmpConnectProbe.connectCommand("app", "rtmp://live.twitch.tv/app");

        Amf0Reader reader = new Amf0Reader(payload);
        assertThat(reader.read()).isEqualTo("connect");
        assertThat(reader.read()).isEqualTo(1.0);
        assertThat(reader.read()).isEqualTo(Map.of("app", "app", "type", "nonprivate",
                "flashVer", RtmpConnectProbe.FLASH_VERSION, "tcUrl", "rtmp://live.twitch.tv/app"));
        assertThat(reader.hasMore()).isFalse();
    }

    @Test
    void reader_decodesEveryTypeARealServerSends() throws Exception {
        // _result, 1, {fmsVer, capabilities}, {level, code, description, data: ECMA array{version}}, strict array, date, undefined
        byte[] bytes = hex("02 0007 5f726573756c74"
                + "00 3ff0000000000000"
                + "03 0006 666d73566572 02 0004 46 4d 53 2f  0000 09"
                + "03 0004 636f6465 02 0003 4f 4b 21  0004 64617461 08 00000001 0001 76 02 0001 33 0000 09  0000 09"
                + "0a 00000002 00 4000000000000000 01 00"
                + "0b 0000000000000000 0000"
                + "06"
                + "0c 00000002 6869");
        Amf0Reader reader = new Amf0Reader(bytes);

        assertThat(reader.read()).isEqualTo("_result");
        assertThat(reader.read()).isEqualTo(1.0);
        assertThat(reader.read()).isEqualTo(Map.of("fmsVer", "FMS/"));
        assertThat(reader.read()).isEqualTo(Map.of("code", "OK!", "data", Map.of("v", "3")));
        assertThat(reader.read()).isEqualTo(List.of(2.0, false));
        assertThat(reader.read()).isEqualTo(0.0);
        assertThat(reader.read()).isNull();
        assertThat(reader.read()).isEqualTo("hi");
        assertThat(reader.hasMore()).isFalse();
    }

    @Test
    void reader_refusesTruncatedOrUnknownValues() {
        assertThatThrownBy(() -> new Amf0Reader(hex("02 0010 6162")).read()).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> new Amf0Reader(hex("00 3ff0")).read()).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> new Amf0Reader(hex("03 0001 61 05 0000 08")).read()).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> new Amf0Reader(hex("11")).read()).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> new Amf0Reader(hex("0a ffffffff")).read()).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> new Amf0Reader(hex("03 0001 61".repeat(100))).read())
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("nesting");
    }

    @Test
    void connectReply_readsResultAndErrorOfTransactionOne_only() throws Exception {
        Map<String, Object> success = Map.of("level", "status", "code", "NetConnection.Connect.Success", "description", "Connection succeeded.");
        Map<String, Object> rejected = Map.of("level", "error", "code", "NetConnection.Connect.Rejected", "description", "Bad key");

        byte[] result = new Amf0Writer().string("_result").number(1).object(Map.of("fmsVer", "FMS/3,0,1,123")).object(success).toByteArray();
        byte[] error = new Amf0Writer().string("_error").number(1).nul().object(rejected).toByteArray();
        byte[] otherTransaction = new Amf0Writer().string("_result").number(2).nul().object(success).toByteArray();
        byte[] onBwDone = new Amf0Writer().string("onBWDone").number(0).nul().toByteArray();

        assertThat(RtmpConnectProbe.connectReply(result)).isEqualTo(new RtmpConnectProbe.ConnectReply(true, "NetConnection.Connect.Success", "Connection succeeded."));
        assertThat(RtmpConnectProbe.connectReply(error)).isEqualTo(new RtmpConnectProbe.ConnectReply(false, "NetConnection.Connect.Rejected", "Bad key"));
        assertThat(RtmpConnectProbe.connectReply(otherTransaction)).isNull();
        assertThat(RtmpConnectProbe.connectReply(onBwDone)).isNull();
    }
}
