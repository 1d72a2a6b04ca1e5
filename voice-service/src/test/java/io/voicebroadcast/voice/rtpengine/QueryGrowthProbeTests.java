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
            int[] size = new int[1];
            NgClient client = new NgClient(new NgClient.Settings(NgAddress.parse(daemon.ngAddress()), Duration.ofMillis(1000), 0),
                    (c, req, rep) -> { if (c.equals("query")) size[0] = rep.length; });
            String call = "room";
            SubscriptionSdp sdp = new SubscriptionSdp("127.0.0.1");
            List<DatagramSocket> socks = new ArrayList<>();
            client.publish(call, "steady", RtpEngineParticipant.offer(40_000, RtpTone.Codec.OPUS));
            subscribe(client, sdp, call, socks);
            for (int n = 1; n <= 30; n++) {
                client.publish(call, "p" + n + "-opus", RtpEngineParticipant.offer(41_000 + n, RtpTone.Codec.OPUS));
                String m1 = subscribe(client, sdp, call, socks);
                client.publish(call, "p" + n + "-pcmu", RtpEngineParticipant.offer(42_000 + n, RtpTone.Codec.PCMU));
                String m2 = subscribe(client, sdp, call, socks);
                client.delete(call, "p" + n + "-opus");
                client.delete(call, "p" + n + "-pcmu");
                List<String> q = client.query(call);
                System.out.println("PROBE cycle " + n + " query bytes " + size[0] + " publishers " + q + " offers " + m1 + " / " + m2);
            }
            socks.forEach(DatagramSocket::close);
        }
    }

    private static String subscribe(NgClient client, SubscriptionSdp sdp, String call, List<DatagramSocket> socks) throws Exception {
        List<String> pubs = client.query(call);
        SubscribeOffer offer = client.subscribeRequest(call, "broadcast", pubs, Optional.empty());
        long m = offer.sdp().lines().filter(l -> l.startsWith("m=")).count();
        String r = m + "m/" + offer.fromTags().size() + "t";
        if (m != offer.fromTags().size()) {
            return r + "!";
        }
        List<OfferedSource> offered = sdp.parseOffer(offer);
        Map<String, Integer> ports = new HashMap<>();
        for (OfferedSource s : offered) {
            DatagramSocket d = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
            socks.add(d);
            ports.put(s.fromTag(), d.getLocalPort());
        }
        client.subscribeAnswer(call, "broadcast", sdp.answer(offered, ports, Optional.empty()).sdp());
        return r;
    }
}
