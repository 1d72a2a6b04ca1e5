package io.voicebroadcast.testsupport.fuzz;

import static io.voicebroadcast.testsupport.fuzz.FuzzDraw.other;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.ENDPOINTS;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.join;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.json;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.urlRequestMayProbe;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.validSdp;

import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Expect;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A seeded generator of bad requests for both services' APIs ({@code schemas/voice-api.yaml},
 * {@code schemas/gamesession-api.yaml}): every endpoint, each request one kind of bad input
 * ({@link Category}) on top of an otherwise well-formed body aimed at real rooms and sessions.
 * The same seed gives the same requests in the same order, markers included, so a failure is
 * replayed with {@code -Dfuzz.seed=...}. The URL kinds are {@link BadUrls}, the body kinds
 * {@link BadBodies}, the endpoints and their bodies {@link FuzzEndpoints}, the seeded draw {@link FuzzDraw}.
 * <p>
 * Each URL a request carries has a unique stream-key marker where keys live (the RTMP path after
 * the application, the query, the user info): the services must never give it back. Requests
 * that must be refused are never allowed to start a process; only a URL of valid form at an
 * allowed address may be probed.
 */
public final class BadRequests {

    /** The egress policy's problem type for a URL whose address is forbidden. */
    public static final String URL_NOT_ALLOWED_TYPE = "https://voice-broadcast.dev/problems/url-not-allowed";
    public static final int ONE_MEGABYTE = 1 << 20;

    /**
     * The cloud metadata service and the other addresses no URL may reach, in the spellings a URL
     * parser or {@code inet_aton} accepts (host part of a URL, IPv6 in brackets).
     */
    public static final List<String> FORBIDDEN_HOSTS = List.of(
            "169.254.169.254", "2852039166", "0xa9fea9fe", "0xA9FEA9FE", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376",
            "169.254.43518", "169.16689662", "0251.254.169.254", "169.254.169.254.", "[::ffff:169.254.169.254]",
            "[::ffff:a9fe:a9fe]", "[0:0:0:0:0:ffff:a9fe:a9fe]", "[fe80::1]", "[fe80::a9fe:a9fe]", "[febf:ffff::1]",
            "[fd00:ec2::254]", "100.100.100.200", "169.254.0.1", "0.0.0.0", "0", "[::]", "224.0.0.1",
            "239.255.255.250", "255.255.255.255", "[ff02::1]");

    /** Every path the generator sends to, for a coverage check. */
    public static final List<String> PATHS = ENDPOINTS.stream().map(Endpoint::path).toList();

    private final FuzzDraw d;

    public BadRequests(long seed, FuzzTargets targets) {
        this.d = new FuzzDraw(seed, targets);
    }

    public long seed() {
        return d.seed;
    }

    public FuzzTargets targets() {
        return d.targets;
    }

    /** The first {@code count} requests of this seed's sequence. */
    public List<BadRequest> take(int count) {
        List<BadRequest> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(next());
        }
        return all;
    }

    public BadRequest next() {
        d.begin();
        Endpoint e = ENDPOINTS.get(d.index % ENDPOINTS.size());
        BadRequest r = switch (category()) {
            case AUTH -> auth(e);
            case PATH_SPELLING -> pathSpelling(e);
            case MALFORMED_JSON -> BadBodies.malformedJson(d, e);
            case WRONG_TYPE -> BadBodies.wrongType(d, e);
            case HUGE_STRING -> BadBodies.hugeString(d, e);
            case CONTROL_CHARS -> BadBodies.controlChars(d, e);
            case URL_SPELLING -> BadUrls.urlSpelling(d, e);
            case FORBIDDEN_ADDRESS -> BadUrls.forbiddenAddress(d, e);
            case PATH_TRAVERSAL -> BadUrls.pathTraversal(d, e);
            case SDP_GARBAGE -> sdpGarbage();
            case UNKNOWN_FIELDS -> BadBodies.unknownFields(d, e);
            case HTTP_LEVEL -> httpLevel(e);
            case BOUNDARY_VALUES -> BadBodies.boundaryValues(d, e);
        };
        d.index++;
        return r;
    }

    /** Weighted: URL categories most, since they are where a request reaches a process. */
    private Category category() {
        int n = d.random.nextInt(100);
        if (n < 6) {
            return Category.AUTH;
        } else if (n < 10) {
            return Category.PATH_SPELLING;
        } else if (n < 20) {
            return Category.MALFORMED_JSON;
        } else if (n < 28) {
            return Category.WRONG_TYPE;
        } else if (n < 32) {
            return Category.HUGE_STRING;
        } else if (n < 38) {
            return Category.CONTROL_CHARS;
        } else if (n < 56) {
            return Category.URL_SPELLING;
        } else if (n < 66) {
            return Category.FORBIDDEN_ADDRESS;
        } else if (n < 74) {
            return Category.PATH_TRAVERSAL;
        } else if (n < 82) {
            return Category.SDP_GARBAGE;
        } else if (n < 88) {
            return Category.UNKNOWN_FIELDS;
        } else if (n < 93) {
            return Category.HTTP_LEVEL;
        }
        return Category.BOUNDARY_VALUES;
    }

    private BadRequest auth(Endpoint e) {
        Map<String, Object> body = e.template().apply(d);
        String token = d.token(e.service());
        List<String[]> variants = List.of(
                new String[] {null, "UNAUTHORIZED", "no Authorization header"},
                new String[] {"Bearer", "UNAUTHORIZED", "Bearer without a token"},
                new String[] {"Bearer    ", "UNAUTHORIZED", "Bearer and blanks"},
                new String[] {"Basic " + token, "UNAUTHORIZED", "the token as Basic"},
                new String[] {token, "UNAUTHORIZED", "the token without a scheme"},
                new String[] {"Token " + token, "UNAUTHORIZED", "another scheme"},
                new String[] {"Bearer " + token + "x", "FORBIDDEN", "the token with a character more"},
                new String[] {"Bearer " + token.substring(0, token.length() - 1), "FORBIDDEN", "the token less its last character"},
                new String[] {"Bearer " + token.toUpperCase(), "FORBIDDEN", "the token upper-cased"},
                new String[] {"Bearer " + d.token(other(e.service())), "FORBIDDEN", "the other service's token"},
                new String[] {"Bearer " + "x".repeat(4096), "FORBIDDEN", "a 4 KB token"},
                new String[] {"Bearer \u00e9\u00e8" + token, "FORBIDDEN", "non-ASCII before the token"});
        String[] v = variants.get(d.random.nextInt(variants.size()));
        return d.request(e.service(), "POST", e.path(), "application/json", null, v[0], json(body), Category.AUTH,
                Expect.valueOf(v[1]), false, v[2]);
    }

    /** Oddly spelled paths: each must be refused or not found, never answered as if authorised. */
    private BadRequest pathSpelling(Endpoint e) {
        String p = e.path();
        String first = p.substring(1, p.indexOf('/', 1));
        String rest = p.substring(p.indexOf('/', 1));
        List<String> spellings = List.of(
                "/" + first + ";x=1" + rest,
                "/" + first + ";jsessionid=ABC" + rest,
                p + ";x=1",
                "/%" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest,
                "/" + first.toUpperCase() + rest,
                "//" + first + rest,
                "/" + first + "//" + rest.substring(1),
                "/./" + first + rest,
                "/" + first + "/../" + first + rest,
                "/x/../" + first + rest,
                "/" + first + "/%2e%2e/" + first + rest,
                p + "/",
                p + "%20",
                p + ".json",
                "/actuator/../" + first + rest);
        String path = spellings.get(d.random.nextInt(spellings.size()));
        // Without a token: whatever the spelling, the request must not reach the endpoint.
        return d.request(e.service(), "POST", path, "application/json", null, null, json(e.template().apply(d)),
                Category.PATH_SPELLING, Expect.NOT_REACHED, false, "no token, path spelled " + path);
    }

    private BadRequest sdpGarbage() {
        String good = validSdp(20_000 + d.index % 5000);
        int kind = d.random.nextInt(16);
        String sdp;
        Expect expect = Expect.CLIENT_ERROR;
        switch (kind) {
            case 0 -> sdp = "";
            case 1 -> sdp = "v=0";
            case 2 -> sdp = d.randomText(1 + d.random.nextInt(2000));
            case 3 -> sdp = good.replace("m=audio", "m=video");
            case 4 -> sdp = good.replaceFirst("m=audio \\d+", "m=audio 0");
            case 5 -> sdp = good.replace("c=IN IP4 127.0.0.1\r\n", "");
            case 6 -> sdp = good + "a=x:" + "y".repeat(17 * 1024) + "\r\n";
            case 7 -> sdp = good + "a=x:" + "y".repeat(70 * 1024) + "\r\n";
            case 8 -> sdp = good.replace("s=participant", "s=part\u0000icipant");
            case 9 -> sdp = good.replace("\r\n", "\r");
            case 10 -> sdp = good.replaceFirst("m=audio \\d+", "m=audio " + d.pick(List.of("99999999999", "-1", "abc", "65536", "")));
            case 11 -> {
                // The media address is RTPEngine's to judge (it is configured by the operator, outside the egress policy).
                sdp = good.replace("c=IN IP4 127.0.0.1", "c=IN IP4 " + d.pick(List.of("999.1.1.1", "169.254.169.254", "::1", "x")));
                expect = Expect.ANSWERED;
            }
            case 12 -> {
                // Bencode inside SDP: RTPEngine gets it as one length-prefixed string; it may accept or refuse it.
                sdp = good + "a=d7:command6:delete7:call-id3:alle\r\n";
                expect = Expect.ANSWERED;
            }
            case 13 -> sdp = good.replace("v=0", "v=1");
            case 14 -> sdp = "m=audio 1 RTP/AVP 0\r\n" + good;
            default -> {
                // Long but well-formed: RTPEngine decides.
                sdp = good.replaceFirst("o=[^\r]*", "o=" + "x ".repeat(5000));
                expect = Expect.ANSWERED;
            }
        }
        Map<String, Object> body = join(d, sdp);
        if (d.random.nextInt(6) == 0) {
            body.put("participantId", d.pick(List.of("", "a b", "../x", "x".repeat(65), "p\u0000", "\u00e9l\u00e8ve", "p;rm")));
            expect = Expect.CLIENT_ERROR;
        }
        return d.request(Service.VOICE, "POST", "/voice/room/participant/join", "application/json", null, d.bearer(Service.VOICE),
                json(body), Category.SDP_GARBAGE, expect, false, "SDP variant " + kind + " (" + sdp.length() + " chars)");
    }

    private BadRequest httpLevel(Endpoint e) {
        byte[] body = json(e.template().apply(d));
        int kind = d.random.nextInt(10);
        return switch (kind) {
            case 0 -> d.request(e.service(), d.pick(List.of("GET", "PUT", "DELETE", "PATCH")), e.path(), "application/json", null,
                    d.bearer(e.service()), body, Category.HTTP_LEVEL, Expect.CLIENT_ERROR, false, "another method");
            case 1 -> d.request(e.service(), "POST", e.path(), d.pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                            "application/x-www-form-urlencoded", "application/json; charset=ebcdic", "*/*", "application/problem+json")),
                    null, d.bearer(e.service()), body, Category.HTTP_LEVEL, Expect.ANSWERED, false, "another content type");
            case 2 -> d.request(e.service(), "POST", e.path(), null, null, d.bearer(e.service()), body, Category.HTTP_LEVEL,
                    Expect.CLIENT_ERROR, false, "no content type");
            case 3 -> d.request(e.service(), "POST", e.path(), "application/json", d.pick(List.of("application/xml", "text/html", "image/png")),
                    d.bearer(e.service()), body, Category.HTTP_LEVEL, Expect.ANSWERED, false, "an Accept it cannot give");
            case 4 -> d.request(e.service(), "POST", d.pick(List.of("/voice/room", "/voice/room/stream", "/voice/admin", "/gamesession/admin",
                            "/voice/room/stream/start2", "/gamesession/broadcast")), "application/json", null, d.bearer(e.service()), body,
                    Category.HTTP_LEVEL, Expect.CLIENT_ERROR, false, "an unknown path");
            case 5 -> d.request(e.service(), d.pick(List.of("GET", "POST")), d.pick(List.of("/actuator/env", "/actuator/heapdump",
                            "/actuator/shutdown", "/actuator/configprops", "/actuator/beans", "/actuator/threaddump", "/actuator/loggers",
                            "/actuator/mappings", "/error", "/v3/api-docs/../../etc/passwd")), "application/json", null, null, body,
                    Category.HTTP_LEVEL, Expect.CLIENT_ERROR, false, "an admin or internal path without a token");
            case 6 -> d.request(e.service(), "POST", e.path() + "?" + d.pick(List.of("roomId=" + d.uuid(), "x=%00",
                            "a=" + "b".repeat(4000), "debug=true&trace=true")), "application/json", null, d.bearer(e.service()), body,
                    Category.HTTP_LEVEL, Expect.ANSWERED, urlRequestMayProbe(e), "a query string");
            case 7 -> d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()),
                    "{\"roomId\":\"".concat("0".repeat(20_000_000)).concat("\"}").getBytes(StandardCharsets.US_ASCII),
                    Category.HTTP_LEVEL, Expect.ANSWERED, false, "a 20 MB body");
            case 8 -> d.request(e.service(), "POST", e.path(), "application/json;charset=UTF-16", null, d.bearer(e.service()),
                    new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16), Category.HTTP_LEVEL, Expect.ANSWERED,
                    urlRequestMayProbe(e), "UTF-16 body");
            default -> d.request(e.service(), "OPTIONS", e.path(), null, null, null, new byte[0], Category.HTTP_LEVEL, Expect.ANSWERED,
                    false, "OPTIONS");
        };
    }
}
