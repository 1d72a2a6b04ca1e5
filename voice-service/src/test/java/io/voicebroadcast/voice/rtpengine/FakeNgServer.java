package io.voicebroadcast.voice.rtpengine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test support: a scripted ng server on 127.0.0.1 (UDP). Each request is answered by the next
 * scripted {@link Reply} (then by the last one again); a reply may send nothing (a lost datagram),
 * several datagrams, or bytes that are no ng reply at all.
 */
final class FakeNgServer implements AutoCloseable {

    /** One received request: the cookie and the decoded dictionary. */
    record Request(String cookie, byte[] datagram, Map<String, Object> body) {
    }

    /** What to send back for one request. */
    @FunctionalInterface
    interface Reply {
        List<byte[]> datagrams(Request request);

        /** A reply with the request's own cookie. */
        static Reply with(byte[] body) {
            return r -> List.of(withCookie(r.cookie(), body));
        }

        static Reply with(String body) {
            return with(body.getBytes(StandardCharsets.UTF_8));
        }

        /** Nothing: as if the reply (or the request) was lost. */
        static Reply lost() {
            return r -> List.of();
        }
    }

    private final DatagramSocket socket;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Reply last = Reply.lost();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeNgServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::serve, "fake-ng-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    FakeNgServer then(Reply reply) {
        script.add(reply);
        return this;
    }

    String address() {
        return "udp://127.0.0.1:" + socket.getLocalPort();
    }

    static byte[] withCookie(String cookie, byte[] body) {
        byte[] prefix = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    private void serve() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                byte[] datagram = Arrays.copyOf(buffer, packet.getLength());
                String text = new String(datagram, StandardCharsets.ISO_8859_1);
                int space = text.indexOf(' ');
                Request request = new Request(text.substring(0, space), datagram,
                        Bencode.decodeDictionary(datagram, space + 1, datagram.length - space - 1));
                requests.add(request);
                Reply next = script.poll();
                if (next != null) {
                    last = next;
                } else {
                    next = last;
                }
                for (byte[] out : next.datagrams(request)) {
                    socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
