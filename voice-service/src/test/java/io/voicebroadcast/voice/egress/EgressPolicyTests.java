package io.voicebroadcast.voice.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.Opening;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTests {

    /** A resolver whose answers the test sets, so that names can "move" between two looks. */
    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final EgressPolicy.Resolver resolver = host -> {
        lookups.add(host);
        List<InetAddress> a = dns.get(host);
        if (a == null) {
            throw new UnknownHostException(host);
        }
        return a;
    };
    private final EgressPolicy policy = new EgressPolicy(List.of(), List.of(), List.of(), resolver);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // the metadata address in every spelling inet_aton and getaddrinfo take
            "169.254.169.254", "2852039166", "0xa9fea9fe", "0XA9FEA9FE", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376",
            "169.254.43518", "169.16689662", "0251.0xfe.43518", "00000000251.254.169.254", "169.254.169.254.",
            "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[0:0:0:0:0:ffff:a9fe:a9fe]", "[::169.254.169.254]",
            "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::1]",
            // the other metadata addresses, link-local, unspecified, multicast, broadcast
            "[fd00:ec2::254]", "100.100.100.200", "[::ffff:100.100.100.200]", "169.254.0.1", "[fe80::1]", "[fe80::1%25eth0]",
            "[FE80::abcd]", "0.0.0.0", "0", "0.1.2.3", "[::]", "[0:0:0:0:0:0:0:0]", "224.0.0.1", "239.255.255.250", "[ff02::1]",
            "[ff05::1:3]", "255.255.255.255", "0xffffffff", "4294967295", "240.0.0.1"})
    void forbiddenAddresses_areRefused_inEverySpelling(String host) {
        assertThatThrownBy(() -> policy.check(host)).isInstanceOf(EgressException.NotAllowed.class)
                .hasMessageContaining("always refused");
        assertThat(lookups).as("a literal is never looked up").isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"1.2.3.4.5", "256.1.1.1", "1.256.1.1", "1.2.65536", "0x", "09.1.1.1", "1.2.3.0x100", "4294967296",
            "0x1ffffffff", "1..2", ".1.2.3", "[1.2.3.4]", "[::1", "[not-an-address]", "[::ffff:169.254.169.254:80]", "::1"})
    void hostsThatLookNumericButAreNoAddress_areRefused_notLookedUp(String host) {
        assertThatThrownBy(() -> policy.check(host)).isInstanceOf(EgressException.NotAllowed.class);
        assertThat(lookups).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"127.0.0.1", "127.1", "2130706433", "10.0.0.7", "172.16.5.4", "192.168.1.10", "100.64.0.1",
            "8.8.8.8", "[::1]", "[fd12:3456::1]", "[2001:db8::1]", "[::ffff:10.0.0.7]"})
    void loopbackPrivateAndPublicAddresses_areAllowedByDefault(String host) {
        assertThat(policy.check(host)).hasSize(1);
    }

    @Test
    void aName_isResolved_andRefusedWhenAnyOfItsAddressesIs() {
        dns.put("cam.example", List.of(ip("10.0.0.9")));
        dns.put("evil.example", List.of(ip("203.0.113.5"), ip("169.254.169.254")));
        dns.put("metadata.example", List.of(ip("::ffff:169.254.169.254")));

        assertThat(policy.check("cam.example")).containsExactly(ip("10.0.0.9"));
        assertThatThrownBy(() -> policy.check("evil.example")).isInstanceOf(EgressException.NotAllowed.class)
                .hasMessage("host evil.example resolves to 169.254.169.254, which is a cloud metadata address, always refused");
        assertThatThrownBy(() -> policy.check("metadata.example")).isInstanceOf(EgressException.NotAllowed.class);
        assertThatThrownBy(() -> policy.check("nowhere.example")).isInstanceOf(EgressException.Unresolved.class)
                .hasMessage("host nowhere.example cannot be resolved");
    }

    @Test
    void aSpelling_isNamedWithTheAddressItMeans() {
        assertThatThrownBy(() -> policy.check("0xa9fea9fe")).hasMessage(
                "0xa9fea9fe is 169.254.169.254, which is a cloud metadata address, always refused");
        assertThatThrownBy(() -> policy.check("169.254.1.1")).hasMessage("169.254.1.1 is a link-local address, always refused");
    }

    @Test
    void deniedNetworks_areRefused_andWinOverAllowedOnes() {
        EgressPolicy p = new EgressPolicy(List.of(Cidr.parse("10.0.0.0/8")), List.of(Cidr.parse("10.9.0.0/16"), Cidr.parse("fd00::/8")),
                List.of(), resolver);

        assertThat(p.check("10.1.2.3")).hasSize(1);
        assertThatThrownBy(() -> p.check("10.9.1.1")).hasMessage("10.9.1.1 is in 10.9.0.0/16 (VOICE_URL_DENIED_NETWORKS)");
        assertThatThrownBy(() -> p.check("[fd00::5]")).hasMessageContaining("VOICE_URL_DENIED_NETWORKS");
        assertThatThrownBy(() -> p.check("192.168.1.1")).hasMessage("192.168.1.1 is outside VOICE_URL_ALLOWED_NETWORKS");
        assertThatThrownBy(() -> p.check("[::ffff:192.168.1.1]")).hasMessageContaining("outside VOICE_URL_ALLOWED_NETWORKS");
    }

    @Test
    void allowedNetworks_neverOpenTheAlwaysRefusedOnes() {
        EgressPolicy p = new EgressPolicy(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), List.of(), List.of(), resolver);

        assertThatThrownBy(() -> p.check("169.254.169.254")).hasMessageContaining("always refused");
        assertThatThrownBy(() -> p.check("[fe80::1]")).hasMessageContaining("always refused");
    }

    @Test
    void allowedHosts_acceptNamesSuffixesAndLiterals_only() {
        dns.put("live.twitch.tv", List.of(ip("52.223.1.1")));
        dns.put("a.rtmp.youtube.com", List.of(ip("142.250.1.1")));
        dns.put("LIVE.Twitch.TV.", List.of(ip("52.223.1.1")));
        dns.put("evil.tv", List.of(ip("52.223.1.2")));
        EgressPolicy p = new EgressPolicy(List.of(), List.of(), List.of("live.twitch.tv", "*.youtube.com", "127.0.0.1", "::1"), resolver);

        assertThat(p.check("live.twitch.tv")).hasSize(1);
        assertThat(p.check("LIVE.Twitch.TV.")).hasSize(1);
        assertThat(p.check("a.rtmp.youtube.com")).hasSize(1);
        assertThat(p.check("127.0.0.1")).hasSize(1);
        assertThat(p.check("0x7f000001")).as("the same address, spelled otherwise").hasSize(1);
        assertThat(p.check("[::1]")).hasSize(1);
        assertThatThrownBy(() -> p.check("evil.tv")).hasMessage("host evil.tv is not in VOICE_URL_ALLOWED_HOSTS");
        assertThatThrownBy(() -> p.check("youtube.com.evil.tv")).hasMessageContaining("not in VOICE_URL_ALLOWED_HOSTS");
        assertThatThrownBy(() -> p.check("10.0.0.1")).hasMessageContaining("not in VOICE_URL_ALLOWED_HOSTS");
        assertThat(lookups).doesNotContain("evil.tv");
    }

    @Test
    void rtmp_isOpenedAtTheCheckedAddress_withTheNameKeptInTcUrl() {
        dns.put("cam.example", List.of(ip("10.0.0.9")));

        Opening o = policy.open("rtmp://cam.example/live/secretkey");

        assertThat(o.location()).isEqualTo("rtmp://10.0.0.9/live/secretkey");
        assertThat(o.options()).containsExactly("-rtmp_tcurl", "rtmp://cam.example:1935/live");
        assertThat(o.toString()).doesNotContain("secretkey");
    }

    @Test
    void rtmpTcUrl_namesTheApplicationAsFfmpegFindsIt() {
        dns.put("h", List.of(ip("10.0.0.9")));

        assertThat(policy.open("rtmp://h:1936/app/inst/key").options()).containsExactly("-rtmp_tcurl", "rtmp://h:1936/app/inst");
        assertThat(policy.open("rtmp://h/app/key:with/slash").options()).containsExactly("-rtmp_tcurl", "rtmp://h:1935/app");
        assertThat(policy.open("rtmp://h/live2?backup=1/key").options()).containsExactly("-rtmp_tcurl", "rtmp://h:1935/live2?backup=1");
        assertThat(policy.open("rtmp://user:pw@h/app/key").location()).isEqualTo("rtmp://user:pw@10.0.0.9/app/key");
        assertThat(policy.open("rtmp://[::1]:1935/live/k").location()).isEqualTo("rtmp://[0:0:0:0:0:0:0:1]:1935/live/k");
    }

    @Test
    void http_isOpenedAtTheCheckedAddress_withItsHostHeader_andNoRedirects() {
        dns.put("cdn.example", List.of(ip("192.168.7.7")));

        Opening o = policy.open("http://cdn.example:8080/bg/loop.mp4?sig=s3cr3t");

        assertThat(o.location()).isEqualTo("http://192.168.7.7:8080/bg/loop.mp4?sig=s3cr3t");
        assertThat(o.options()).containsExactly("-headers", "Host: cdn.example:8080\r\n", "-max_redirects", "0");
    }

    @Test
    void tlsKinds_keepTheirName_forSniAndCertificates() {
        dns.put("ingest.example", List.of(ip("203.0.113.9")));

        assertThat(policy.open("https://ingest.example/a.png")).isEqualTo(new Opening(List.of("-max_redirects", "0"), "https://ingest.example/a.png"));
        assertThat(policy.open("rtmps://ingest.example:443/app/key")).isEqualTo(new Opening(List.of(), "rtmps://ingest.example:443/app/key"));
        assertThat(lookups).containsExactly("ingest.example", "ingest.example");
    }

    @Test
    void localFiles_areOpenedAsTheyAre() {
        assertThat(policy.open("file:/opt/bg/a.mp4")).isEqualTo(new Opening(List.of(), "file:/opt/bg/a.mp4"));
        assertThat(policy.open("/opt/bg/a.mp4")).isEqualTo(new Opening(List.of(), "/opt/bg/a.mp4"));
        assertThat(policy.checkLocation("file:/opt/bg/a.mp4")).isEmpty();
    }

    @Test
    void everyOpen_looksAgain_soANameThatMovedToAForbiddenAddressIsRefused() {
        dns.put("cam.example", List.of(ip("10.0.0.9")));
        assertThat(policy.open("rtmp://cam.example/live/k").location()).isEqualTo("rtmp://10.0.0.9/live/k");

        dns.put("cam.example", List.of(ip("169.254.169.254")));

        assertThatThrownBy(() -> policy.open("rtmp://cam.example/live/k")).isInstanceOf(EgressException.NotAllowed.class)
                .hasMessageContaining("169.254.169.254").hasMessageNotContaining("/live/k");
        assertThat(lookups).containsExactly("cam.example", "cam.example");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "example.com/8", "fd00::/129", "10.0.0.0/x", ""})
    void malformedNetworks_areRefusedWithAReason(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'");
    }

    @Test
    void networks_matchTheirPrefixOnly() {
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.31.255.255"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.32.0.0"))).isFalse();
        assertThat(Cidr.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ip("::a00:1"))).as("no cross-family match").isFalse();
        assertThat(Cidr.parse("192.168.1.1").contains(ip("192.168.1.1"))).isTrue();
    }
}
