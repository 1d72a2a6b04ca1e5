package io.voicebroadcast.voice.rtpengine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NgAddressTests {

    @Test
    void udpUrl_parsesToTransportHostAndPort() {
        NgAddress address = NgAddress.parse("udp://127.0.0.1:22222");

        assertThat(address).isEqualTo(new NgAddress(NgAddress.Transport.UDP, "127.0.0.1", 22222));
        assertThat(address).hasToString("udp://127.0.0.1:22222");
    }

    @Test
    void tcpUrl_withIpv6Host_parses() {
        NgAddress address = NgAddress.parse("TCP://[::1]:2223");

        assertThat(address).isEqualTo(new NgAddress(NgAddress.Transport.TCP, "::1", 2223));
        assertThat(address).hasToString("tcp://[::1]:2223");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:22222", "http://127.0.0.1:22222", "udp://127.0.0.1", "udp://127.0.0.1:22222/ng",
            "udp://127.0.0.1:22222?x=1", "udp://:22222", "udp://127.0.0.1:0", "udp://user@127.0.0.1:22222"})
    void otherForms_areRejected_withTheAcceptedForm(String url) {
        assertThatThrownBy(() -> NgAddress.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ng");
    }
}
