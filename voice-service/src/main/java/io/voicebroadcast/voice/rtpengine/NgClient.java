package io.voicebroadcast.voice.rtpengine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A client of RTPEngine's ng control protocol: one bencoded dictionary per request, prefixed by a
 * cookie that the reply repeats.
 *
 * <ul>
 *   <li>Every request gets a fresh random cookie; only the reply carrying it counts. Replies with
 *       another cookie (a late reply to an earlier request) are ignored.</li>
 *   <li>No reply within {@link Settings#timeout()}: the same bytes, same cookie, are sent again, up
 *       to {@link Settings#retries()} times. RTPEngine keeps the reply per cookie and sends it again
 *       without running the command twice, so a retried {@code publish} does not allocate new
 *       ports. After the last attempt: {@link NgTimeoutException}.</li>
 *   <li>{@code result: error} becomes {@link NgErrorException} with RTPEngine's
 *       {@code error-reason}; {@code result: ok} with a {@code warning} is logged and succeeds; a
 *       reply that is not valid bencode or lacks what the command promises becomes
 *       {@link NgProtocolException} at once, never a hang.</li>
 * </ul>
 *
 * <p>Each request uses its own socket (UDP) or connection (TCP), so the client is thread-safe and
 * a reply can never reach the wrong caller. Commands are rare (joins, leaves, stream starts), so the
 * extra socket per request costs nothing that matters. Over TCP, RTPEngine (10.5) frames messages by
 * parsing the bencode and drops a connection holding more than 1 KB of an unfinished message; on
 * loopback a request arrives whole, across a network prefer UDP.
 */
public final class NgClient {

    private static final Logger log = LoggerFactory.getLogger(NgClient.class);

    /** Publishers and the broadcaster give their real addresses in SDP; RTPEngine need not learn them. */
    private static final List<String> TRUST_ADDRESS = List.of("trust address");

    /**
     * @param address       RTPEngine's ng listener
     * @param timeout       how long one attempt waits for the reply
     * @param retries       attempts after the first one, each with the same cookie
     * @param maxReplyBytes the receive buffer: a larger reply is an error (a {@code query} reply of a
     *                      big call reaches several KB; UDP cannot carry more than 64 KB)
     */
    public record Settings(NgAddress address, Duration timeout, int retries, int maxReplyBytes) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1_000);
        public static final int DEFAULT_RETRIES = 2;
        public static final int DEFAULT_MAX_REPLY_BYTES = 64 * 1024;

        public Settings {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("ng timeout must be 1 ms..1 min, got " + timeout);
            }
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("ng retries must be 0..10, got " + retries);
            }
            if (maxReplyBytes < 256 || maxReplyBytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("ng maxReplyBytes must be 256..16777216, got " + maxReplyBytes);
            }
        }

        public Settings(NgAddress address, Duration timeout, int retries) {
            this(address, timeout, retries, DEFAULT_MAX_REPLY_BYTES);
        }

        public static Settings defaults(NgAddress address) {
            return new Settings(address, DEFAULT_TIMEOUT, DEFAULT_RETRIES);
        }
    }

    /** Sees every completed exchange (bencoded bodies, cookies stripped): tracing, recording replies. */
    @FunctionalInterface
    public interface ExchangeListener {

        ExchangeListener NONE = (command, request, reply) -> { };

        void exchanged(String command, byte[] request, byte[] reply);
    }

    private final Settings settings;
    private final ExchangeListener listener;
    private final Supplier<String> cookies;

    public NgClient(Settings settings) {
        this(settings, ExchangeListener.NONE);
    }

    public NgClient(Settings settings, ExchangeListener listener) {
        this(settings, listener, NgClient::randomCookie);
    }

    /** @param cookies a new cookie per request; must not contain a space */
    NgClient(Settings settings, ExchangeListener listener, Supplier<String> cookies) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.cookies = Objects.requireNonNull(cookies, "cookies");
    }

    public Settings settings() {
        return settings;
    }

    /** Checks that RTPEngine answers ({@code ping} -> {@code pong}). */
    public void ping() {
        call(Map.of("command", "ping"));
    }

    /**
     * A participant starts sending into the call ({@code publish}).
     *
     * @param sdpOffer the participant's sendonly offer
     * @return RTPEngine's answer: where the participant sends its audio
     */
    public String publish(String callId, String fromTag, String sdpOffer) {
        Map<String, Object> request = command("publish", callId);
        request.put("from-tag", requireText(fromTag, "fromTag"));
        request.put("flags", TRUST_ADDRESS);
        request.put("sdp", Objects.requireNonNull(sdpOffer, "sdpOffer"));
        return requireString(call(request), "publish", "sdp");
    }

    /**
     * Asks RTPEngine to forward {@code fromTags} to {@code toTag} ({@code subscribe request}). Sent
     * again with the same to-tag and a longer list, existing sections keep their ports.
     *
     * @param transcodeTo a codec (e.g. {@code opus}) that RTPEngine should transcode every source
     *                    to; the answer must then allow transcoding
     */
    public SubscribeOffer subscribeRequest(String callId, String toTag, List<String> fromTags, Optional<String> transcodeTo) {
        if (fromTags.isEmpty()) {
            throw new IllegalArgumentException("subscribe request needs at least one from-tag");
        }
        Map<String, Object> request = command("subscribe request", callId);
        request.put("to-tag", requireText(toTag, "toTag"));
        request.put("flags", TRUST_ADDRESS);
        request.put("from-tags", List.copyOf(fromTags));
        // We receive plain RTP: a WebRTC publisher's AVPF/SAVPF section is offered to us as RTP/AVP.
        request.put("transport protocol", "RTP/AVP");
        transcodeTo.ifPresent(codec -> request.put("codec", Map.of("transcode", List.of(codec))));
        Map<String, Object> reply = call(request);
        String sdp = requireString(reply, "subscribe request", "sdp");
        List<String> replyTags = stringList(reply.get("from-tags"));
        if (replyTags == null && reply.get("from-tag") instanceof String single) {
            replyTags = List.of(single);
        }
        // The SDP's sections follow RTPEngine's list; fall back to ours only if it sent none.
        return new SubscribeOffer(sdp, replyTags != null ? replyTags : fromTags,
                reply.get("to-tag") instanceof String t ? t : toTag);
    }

    /** Our recvonly answer to a {@link SubscribeOffer} ({@code subscribe answer}). */
    public void subscribeAnswer(String callId, String toTag, String sdpAnswer) {
        subscribeAnswer(callId, toTag, sdpAnswer, false);
    }

    /**
     * @param allowTranscoding true when the request asked for transcoding: RTPEngine then accepts
     *                         codecs that the sources do not send
     */
    public void subscribeAnswer(String callId, String toTag, String sdpAnswer, boolean allowTranscoding) {
        Map<String, Object> request = command("subscribe answer", callId);
        request.put("to-tag", requireText(toTag, "toTag"));
        List<String> flags = new ArrayList<>(TRUST_ADDRESS);
        // We only receive, from RTPEngine, on the ports we answered. Without "asymmetric" RTPEngine
        // (10.5) learns the subscriber's address from whatever reaches its sending port first: a
        // stray sender (e.g. a client still sending to a port RTPEngine held before a restart and
        // now reuses for our section) then gets the source's stream and our port receives nothing.
        flags.add("asymmetric");
        if (allowTranscoding) {
            flags.add("allow transcoding");
        }
        request.put("flags", flags);
        request.put("sdp", Objects.requireNonNull(sdpAnswer, "sdpAnswer"));
        call(request);
    }

    /** Stops forwarding to {@code toTag}; the call goes on. */
    public void unsubscribe(String callId, String toTag) {
        Map<String, Object> request = command("unsubscribe", callId);
        request.put("to-tag", requireText(toTag, "toTag"));
        call(request);
    }

    /**
     * Removes one participant ({@code delete} with its tag) at once. In a publish-only room only that
     * participant's stream stops; an unknown call or tag is only a warning.
     */
    public void delete(String callId, String fromTag) {
        Map<String, Object> request = command("delete", callId);
        request.put("from-tag", requireText(fromTag, "fromTag"));
        // Without it RTPEngine keeps forwarding for its delete-delay (30 s by default).
        request.put("delete delay", 0L);
        call(request);
    }

    /**
     * The tags that send audio into the call ({@code query}): those with an audio media that RTPEngine
     * receives ({@code recv} among the media's flags) on a port it still holds. Publishers and both
     * sides of an offer/answer call count; subscribers (send-only from RTPEngine) do not, nor do
     * deleted participants, which 10.5 goes on listing without local ports.
     *
     * @return tags in RTPEngine's order
     */
    public List<String> query(String callId) {
        Map<String, Object> reply = call(command("query", callId));
        if (!(reply.get("tags") instanceof Map<?, ?> tags)) {
            throw new NgProtocolException("query", "reply for call " + callId + " has no 'tags' dictionary", null);
        }
        List<String> publishers = new ArrayList<>();
        for (Map.Entry<?, ?> tag : tags.entrySet()) {
            String name = (String) tag.getKey();
            if (!name.isEmpty() && tag.getValue() instanceof Map<?, ?> info && sendsAudio(info)) {
                publishers.add(name);
            }
        }
        return publishers;
    }

    private static boolean sendsAudio(Map<?, ?> tagInfo) {
        if (!(tagInfo.get("medias") instanceof List<?> medias)) {
            return false;
        }
        for (Object media : medias) {
            if (media instanceof Map<?, ?> m && "audio".equals(m.get("type"))
                    && m.get("flags") instanceof List<?> flags && flags.contains("recv") && holdsPort(m)) {
                return true;
            }
        }
        return false;
    }

    /** A deleted participant stays listed (10.5), but its streams no longer have a local port. */
    private static boolean holdsPort(Map<?, ?> media) {
        if (!(media.get("streams") instanceof List<?> streams)) {
            return false;
        }
        for (Object stream : streams) {
            if (stream instanceof Map<?, ?> s && s.get("local port") instanceof Long) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends any ng command and returns the reply once {@code result} is {@code ok} (or {@code pong}).
     *
     * @param request a dictionary with at least {@code command}
     */
    public Map<String, Object> call(Map<String, Object> request) {
        String command = String.valueOf(request.get("command"));
        byte[] body = Bencode.encode(request);
        String cookie = cookies.get();
        byte[] message = concat((cookie + " ").getBytes(StandardCharsets.US_ASCII), body);
        byte[] replyBody = switch (settings.address().transport()) {
            case UDP -> exchangeUdp(command, cookie, message);
            case TCP -> exchangeTcp(command, cookie, message);
        };
        listener.exchanged(command, body, replyBody);
        Map<String, Object> reply = decodeReply(command, replyBody);
        Object result = reply.get("result");
        if ("error".equals(result)) {
            Object reason = reply.get("error-reason");
            throw new NgErrorException(command, reason instanceof String s ? s : "(no error-reason)");
        }
        if (!"ok".equals(result) && !"pong".equals(result)) {
            throw new NgProtocolException(command, "reply to '" + command + "' has result " + result
                    + ", expected ok or error", null);
        }
        if (reply.get("warning") instanceof String warning) {
            log.warn("RTPEngine warns on '{}' for call {}: {}", command, request.get("call-id"), warning);
        }
        return reply;
    }

    private static Map<String, Object> decodeReply(String command, byte[] body) {
        try {
            return Bencode.decodeDictionary(body, 0, body.length);
        } catch (BencodeException e) {
            throw new NgProtocolException(command, "reply to '" + command + "' is not a bencoded dictionary: "
                    + e.getMessage(), e);
        }
    }

    private byte[] exchangeUdp(String command, String cookie, byte[] message) {
        int attempts = settings.retries() + 1;
        long timeoutNanos = settings.timeout().toNanos();
        // One byte more than allowed: a reply that fills it was too large (Java truncates silently).
        byte[] buffer = new byte[settings.maxReplyBytes() + 1];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        Stray stray = new Stray();
        IOException lastFailure = null;
        try (DatagramSocket socket = new DatagramSocket()) {
            // Connected: only datagrams from RTPEngine's address arrive, and an ICMP "port
            // unreachable" surfaces as PortUnreachableException instead of a silent timeout.
            socket.connect(resolve(command));
            for (int attempt = 1; attempt <= attempts; attempt++) {
                lastFailure = null;
                try {
                    socket.send(new DatagramPacket(message, message.length));
                    long deadline = System.nanoTime() + timeoutNanos;
                    while (true) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            break;
                        }
                        socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(remaining).toMillis()));
                        received.setLength(buffer.length);
                        try {
                            socket.receive(received);
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                        if (received.getLength() > settings.maxReplyBytes()) {
                            throw new NgProtocolException(command, "reply to '" + command + "' is larger than the "
                                    + settings.maxReplyBytes() + "-byte receive buffer", null);
                        }
                        byte[] body = matchCookie(cookie, buffer, received.getLength(), stray);
                        if (body != null) {
                            return body;
                        }
                    }
                } catch (PortUnreachableException e) {
                    lastFailure = e;
                }
                if (attempt < attempts) {
                    log.debug("no reply to '{}' from {} (attempt {} of {}), sending again with cookie {}",
                            command, settings.address(), attempt, attempts, cookie);
                }
            }
        } catch (IOException e) {
            throw new NgTransportException(command, "cannot send '" + command + "' to " + settings.address() + ": " + e, e);
        }
        if (lastFailure != null) {
            throw new NgTransportException(command, "'" + command + "' to " + settings.address()
                    + ": port unreachable (is RTPEngine running?)", lastFailure);
        }
        throw timeout(command, attempts, stray);
    }

    private byte[] exchangeTcp(String command, String cookie, byte[] message) {
        int attempts = settings.retries() + 1;
        int timeoutMillis = (int) settings.timeout().toMillis();
        Stray stray = new Stray();
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            // A new connection per attempt; RTPEngine's per-cookie cache makes the resend safe.
            try (Socket socket = new Socket()) {
                long deadline = System.nanoTime() + settings.timeout().toNanos();
                socket.connect(resolve(command), timeoutMillis);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(message);
                out.flush();
                byte[] body = readTcpReply(command, cookie, socket, deadline, stray);
                if (body != null) {
                    return body;
                }
                lastFailure = null;
            } catch (SocketTimeoutException e) {
                lastFailure = null;
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        if (lastFailure != null) {
            throw new NgTransportException(command, "'" + command + "' to " + settings.address() + " failed: "
                    + lastFailure, lastFailure);
        }
        throw timeout(command, attempts, stray);
    }

    /** @return the reply body, or null when the attempt's time ran out */
    private byte[] readTcpReply(String command, String cookie, Socket socket, long deadline, Stray stray) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[Math.min(8_192, settings.maxReplyBytes())];
        int filled = 0;
        while (true) {
            // Complete messages already buffered: "COOKIE " followed by one bencoded value.
            while (true) {
                int space = indexOf(buffer, filled, (byte) ' ');
                if (space < 0) {
                    break;
                }
                int length;
                try {
                    length = Bencode.valueLength(buffer, space + 1, filled - space - 1);
                } catch (BencodeException e) {
                    if (e.truncated()) {
                        break;
                    }
                    throw new NgProtocolException(command, "reply to '" + command + "' is not bencode: " + e.getMessage(), e);
                }
                int end = space + 1 + length;
                byte[] body = matchCookie(cookie, buffer, end, stray);
                if (body != null) {
                    return body;
                }
                System.arraycopy(buffer, end, buffer, 0, filled - end);
                filled -= end;
            }
            if (filled == settings.maxReplyBytes()) {
                throw new NgProtocolException(command, "reply to '" + command + "' is larger than the "
                        + settings.maxReplyBytes() + "-byte receive buffer", null);
            }
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, settings.maxReplyBytes()));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(remaining).toMillis()));
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new IOException("RTPEngine closed the connection before replying");
            }
            filled += n;
        }
    }

    /** @return the body when {@code data[0, length)} is "COOKIE BODY" with our cookie, else null */
    private static byte[] matchCookie(String cookie, byte[] data, int length, Stray stray) {
        int space = indexOf(data, length, (byte) ' ');
        if (space < 0) {
            stray.count++;
            stray.last = "a reply without a cookie";
            return null;
        }
        String replyCookie = new String(data, 0, space, StandardCharsets.US_ASCII);
        if (!replyCookie.equals(cookie)) {
            stray.count++;
            stray.last = "cookie " + (replyCookie.length() > 40 ? replyCookie.substring(0, 40) + "..." : replyCookie);
            log.debug("ignoring an ng reply with cookie {} while waiting for {}", replyCookie, cookie);
            return null;
        }
        return Arrays.copyOfRange(data, space + 1, length);
    }

    private NgTimeoutException timeout(String command, int attempts, Stray stray) {
        String ignored = stray.count == 0 ? "" : "; ignored " + stray.count + " other replies (last: " + stray.last + ")";
        return new NgTimeoutException(command, "no reply to '" + command + "' from " + settings.address() + " after "
                + attempts + " attempts of " + settings.timeout().toMillis() + " ms" + ignored, attempts);
    }

    private InetSocketAddress resolve(String command) {
        InetSocketAddress address = settings.address().socketAddress();
        if (address.isUnresolved()) {
            throw new NgTransportException(command, "cannot resolve the ng host " + settings.address().host(), null);
        }
        return address;
    }

    private static Map<String, Object> command(String command, String callId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", command);
        request.put("call-id", requireText(callId, "callId"));
        return request;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static String requireString(Map<String, Object> reply, String command, String key) {
        if (reply.get(key) instanceof String s) {
            return s;
        }
        throw new NgProtocolException(command, "reply to '" + command + "' has no '" + key + "'", null);
    }

    private static List<String> stringList(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static int indexOf(byte[] data, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String randomCookie() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Replies that were not ours, for the timeout message. */
    private static final class Stray {
        int count;
        String last;
    }
}
