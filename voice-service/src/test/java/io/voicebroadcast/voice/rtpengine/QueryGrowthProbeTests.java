package io.voicebroadcast.voice.rtpengine;

import io.voicebroadcast.testsupport.RtpEngineDaemon;
import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryGrowthProbeTests {

    @Test
    void probe() throws Exception {
        try (RtpEngineDaemon daemon = RtpEngineDaemon.start()) {
            for (String variant : List.of("F")) {
                run(daemon, variant);
            }
        }
    }

    private static void run(RtpEngineDaemon daemon, String variant) throws Exception {
            int[] size = new int[1];
            NgClient client = new NgClient(new NgClient.Settings(NgAddress.parse(daemon.ngAddress()), Duration.ofMillis(1000), 0),
                    (c, req, rep) -> { if (c.equals("query")) size[0] = rep.length; });
            String call = "room" + variant;
            SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1");
            List<DatagramSocket> socks = new ArrayList<>();
            client.publish(call, "steady", RtpEngineParticipant.offer(40_000, RtpTone.Codec.OPUS));
            String[] tag = {"broadcast-0"};
            subscribe(client, sdp, call, socks, tag[0]);
            for (int n = 1; n <= 3; n++) {
                client.publish(call, "p" + n + "-opus", RtpEngineParticipant.offer(41_000 + n, RtpTone.Codec.OPUS));
                if (n > 1) {
                    subscribe(client, sdp, call, socks, tag[0]);
                }
                client.publish(call, "p" + n + "-pcmu", RtpEngineParticipant.offer(42_000 + n, RtpTone.Codec.PCMU));
                String m2 = subscribe(client, sdp, call, socks, tag[0]);
                client.delete(call, "p" + n + "-opus");
                client.delete(call, "p" + n + "-pcmu");
                String m3 = "";
                if (variant.equals("B")) {
                    client.unsubscribe(call, tag[0]);
                    m3 = subscribe(client, sdp, call, socks, tag[0]);
                } else if (variant.equals("C")) {
                    client.unsubscribe(call, tag[0]);
                    client.delete(call, tag[0]);
                    tag[0] = "broadcast-" + n;
                    m3 = subscribe(client, sdp, call, socks, tag[0]);
                } else if (variant.equals("D")) {
                    client.delete(call, tag[0]);
                    tag[0] = "broadcast-" + n;
                    m3 = subscribe(client, sdp, call, socks, tag[0]);
                }
                if (variant.equals("E")) {
                    int[] fs = new int[1];
                    NgClient c2 = new NgClient(new NgClient.Settings(NgAddress.parse(daemon.ngAddress()), Duration.ofMillis(1000), 0),
                            (c, req, rep) -> fs[0] = rep.length);
                    Map<String, Object> r = c2.call(new HashMap<>(Map.of("command", "query", "call-id", call, "from-tag", tag[0])));
                    m3 = "from-tag query bytes " + fs[0] + " tags " + ((Map<?, ?>) r.get("tags")).keySet();
                }
                List<String> q = client.query(call);
                System.out.println("PROBE " + variant + " cycle " + n + " query bytes " + size[0] + " publishers " + q + " offers " + m2 + " / " + m3);
            }
            Map<String, Object> reply = client.call(new HashMap<>(Map.of("command", "query", "call-id", call)));
            System.out.println("PROBE " + variant + " tags " + ((Map<?, ?>) reply.get("tags")).keySet());
            socks.forEach(DatagramSocket::close);
    }

    private static String subscribe(NgClient client, SubscriptionSdp sdp, String call, List<DatagramSocket> socks, String to) throws Exception {
        List<String> pubs = client.query(call);
        SubscribeOffer offer = client.subscribeRequest(call, to, pubs, Optional.empty());
        long m = offer.sdp().lines().filter(l -> l.startsWith("m=")).count();
        String r = m + "m/" + offer.fromTags().size() + "t";
        if (m != offer.fromTags().size()) {
            System.out.println("PROBE offer tags " + offer.fromTags() + "\n" + offer.sdp());
            return r + "!";
        }
        List<OfferedSource> offered = sdp.parseOffer(offer);
        Map<String, Integer> ports = new HashMap<>();
        for (OfferedSource s : offered) {
            DatagramSocket d = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
            socks.add(d);
            ports.put(s.fromTag(), d.getLocalPort());
        }
        client.subscribeAnswer(call, to, sdp.answer(offered, ports, Optional.empty()).sdp());
        return r;
    }
}
