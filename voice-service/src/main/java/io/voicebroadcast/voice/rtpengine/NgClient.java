package io.voicebroadcast.voice.rtpengine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ng commands this service sends to RTPEngine, one bencoded dictionary each, carried by an
 * {@link NgTransport} (cookies, retries, timeouts; see there).
 *
 * <p>{@code result: error} becomes {@link NgErrorException} with RTPEngine's {@code error-reason};
 * {@code result: ok} with a {@code warning} is logged and succeeds; a reply that is not a bencoded
 * dictionary or lacks what the command promises becomes {@link NgProtocolException}. The client
 * holds no state between commands, so it is thread-safe.
 */
public final class NgClient {

    private static final Logger log = LoggerFactory.getLogger(NgClient.class);

    /** Publishers and the broadcaster give their real addresses in SDP; RTPEngine need not learn them. */
    private static final List<String> TRUST_ADDRESS = List.of("trust address");

    /**
     * @param address       RTPEngine's ng listener
     * @param timeout       how long one attempt waits for the reply
     * @param retries       attempts after the first one, each with the same cookie
     * @param maxReplyBytes the receive buffer: a larger reply is an error (a whole call's {@code query}
     *                      reply grows by about 600 bytes per participant that ever joined; UDP
     *                      cannot carry more than 64 KB, and RTPEngine then sends nothing at all)
     */
    public record Settings(NgAddress address, Duration timeout, int retries, int maxReplyBytes) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1_000);
        public static final int DEFAULT_RETRIES = 2;
        public static final int DEFAULT_MAX_REPLY_BYTES = 64 * 1024;
        /** Over TCP nothing limits a reply to a datagram; a whole call's query may well pass 64 KB. */
        public static final int DEFAULT_MAX_TCP_REPLY_BYTES = 1024 * 1024;

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
            this(address, timeout, retries, Objects.requireNonNull(address, "address").transport() == NgAddress.Transport.TCP
                    ? DEFAULT_MAX_TCP_REPLY_BYTES : DEFAULT_MAX_REPLY_BYTES);
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
    private final NgTransport transport;

    public NgClient(Settings settings) {
        this(settings, ExchangeListener.NONE);
    }

    public NgClient(Settings settings, ExchangeListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.transport = new NgTransport(settings.address(), settings.timeout(), settings.retries(), settings.maxReplyBytes(),
                NgTransport::randomCookie);
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
        List<String> publishers = new ArrayList<>();
        queryCall(callId).forEach((tag, sends) -> {
            if (sends) {
                publishers.add(tag);
            }
        });
        return publishers;
    }

    /**
     * Every tag of the call ({@code query}), each mapped to whether it sends audio (as {@link
     * #query}). The reply lists every participant that ever joined (10.5 keeps departed ones until
     * the call ends, about 600 bytes each): for a call that lives long with many joins, prefer
     * {@link #queryTag}.
     */
    public Map<String, Boolean> queryCall(String callId) {
        return tags(call(command("query", callId)), callId);
    }

    /**
     * What RTPEngine knows of one tag ({@code query} with {@code from-tag}): that participant and
     * the publishers it subscribes to, each with whether it sends audio (as {@link #query}). Unlike
     * the whole call's {@code query}, whose reply lists every participant that ever joined (10.5
     * keeps departed ones until the call ends: about 600 bytes each, past a UDP datagram's 64 KB
     * after some 100 joins), this reply stays as small as the tag's own subscriptions.
     *
     * @return the listed tags in RTPEngine's order, each mapped to whether it sends audio
     * @throws NgErrorException when RTPEngine does not know the call or the tag
     */
    public Map<String, Boolean> queryTag(String callId, String tag) {
        Map<String, Object> request = command("query", callId);
        request.put("from-tag", requireText(tag, "tag"));
        return tags(call(request), callId);
    }

    private static Map<String, Boolean> tags(Map<String, Object> reply, String callId) {
        if (!(reply.get("tags") instanceof Map<?, ?> tags)) {
            throw new NgProtocolException("query", "reply for call " + callId + " has no 'tags' dictionary", null);
        }
        Map<String, Boolean> listed = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : tags.entrySet()) {
            String name = (String) entry.getKey();
            if (!name.isEmpty()) {
                listed.put(name, entry.getValue() instanceof Map<?, ?> info && sendsAudio(info));
            }
        }
        return listed;
    }

    /** Whether RTPEngine knows {@code tag} in the call as one sending audio; a small {@link #queryTag}. */
    public boolean publishes(String callId, String tag) {
        try {
            return queryTag(callId, tag).getOrDefault(tag, false);
        } catch (NgErrorException e) {
            return false; // unknown call or tag
        }
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
        byte[] replyBody = transport.exchange(command, body);
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
}
