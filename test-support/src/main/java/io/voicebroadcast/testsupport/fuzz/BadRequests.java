package io.voicebroadcast.testsupport.fuzz;

import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Expect;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * A seeded generator of bad requests for both services' APIs ({@code schemas/voice-api.yaml},
 * {@code schemas/gamesession-api.yaml}): every endpoint, each request one kind of bad input
 * ({@link Category}) on top of an otherwise well-formed body aimed at real rooms and sessions.
 * The same seed gives the same requests in the same order, markers included, so a failure is
 * replayed with {@code -Dfuzz.seed=...}.
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

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CONTROL = List.of("\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f",
            "\u0085", "\u2028", "\r\nX-Injected: 1");

    /** A URL field's role, as the voice service's URL policy knows them. */
    private enum Role {
        OUTPUT, BACKGROUND, FALLBACK_STREAM, IMAGE
    }

    /** Whether the policy must refuse a URL, must refuse its address, or may let it through. */
    private enum Verdict {
        REFUSED, FORBIDDEN, ALLOWED
    }

    private record Url(String url, Verdict verdict) {
    }

    /** One endpoint: where it is and a well-formed body for it. */
    private record Endpoint(Service service, String path, Function<BadRequests, Map<String, Object>> template) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(Service.VOICE, "/voice/room/create", g -> g.createRoom()),
            new Endpoint(Service.VOICE, "/voice/room/get", g -> map("roomId", g.anyRoom())),
            new Endpoint(Service.VOICE, "/voice/room/delete", g -> map("roomId", g.uuid())),
            new Endpoint(Service.VOICE, "/voice/room/stream/start", g -> g.start(false)),
            new Endpoint(Service.VOICE, "/voice/room/stream/stop", g -> map("roomId", g.pick(g.targets.scaledRooms()))),
            new Endpoint(Service.VOICE, "/voice/room/stream/update", g -> g.update()),
            new Endpoint(Service.VOICE, "/voice/room/stream/status", g -> map("roomId", g.anyRoom())),
            new Endpoint(Service.VOICE, "/voice/room/stream/destination/add", g -> g.addDestination()),
            new Endpoint(Service.VOICE, "/voice/room/stream/destination/remove", g -> map("roomId", g.targets.liveRoom(),
                    "destinationId", g.pick(List.of("never-added-" + g.index, "d9", "x".repeat(65), "../d1", "d 1", "")))),
            new Endpoint(Service.VOICE, "/voice/room/stream/list", g -> map("health", g.pick(List.of("healthy", "degraded", "unhealthy", "stopped")))),
            new Endpoint(Service.VOICE, "/voice/room/participant/join", g -> g.join(validSdp(g.random.nextInt(20_000, 30_000)))),
            new Endpoint(Service.VOICE, "/voice/room/participant/leave", g -> map("roomId", g.pick(g.targets.rtpengineRooms()),
                    "participantId", "never-joined-" + g.index)),
            new Endpoint(Service.VOICE, "/voice/room/stream/participant", g -> map("roomId", g.targets.liveRoom(),
                    "participantId", "p-" + g.index, "excluded", true, "gainDb", -6.0)),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/configure", g -> g.configure()),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/stop", g -> map("sessionId", g.uuid())),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/status", g -> map("sessionId", g.pick(g.targets.sessions()))),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/list", g -> map("phase", "on_air")),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/select-camera", g -> map("sessionId", g.pick(g.targets.sessions()),
                    "cameraId", "cam-" + g.index, "gameInstanceId", g.uuid())),
            new Endpoint(Service.GAMESESSION, "/gamesession/cameras/list", g -> map("sessionId", g.pick(g.targets.sessions()),
                    "gameInstanceId", g.uuid(), "includeEnded", true)));

    /** Every path the generator sends to, for a coverage check. */
    public static final List<String> PATHS = ENDPOINTS.stream().map(Endpoint::path).toList();

    private final long seed;
    private final FuzzTargets targets;
    private final SplittableRandom random;
    private int index;
    /** The request being built: its tokens and secrets. */
    private Set<String> tokens;
    private Set<String> secrets;
    private int markers;

    public BadRequests(long seed, FuzzTargets targets) {
        this.seed = seed;
        this.targets = targets;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    public FuzzTargets targets() {
        return targets;
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
        tokens = new LinkedHashSet<>();
        secrets = new LinkedHashSet<>();
        markers = 0;
        Endpoint e = ENDPOINTS.get(index % ENDPOINTS.size());
        BadRequest r = switch (category()) {
            case AUTH -> auth(e);
            case PATH_SPELLING -> pathSpelling(e);
            case MALFORMED_JSON -> malformedJson(e);
            case WRONG_TYPE -> wrongType(e);
            case HUGE_STRING -> hugeString(e);
            case CONTROL_CHARS -> controlChars(e);
            case URL_SPELLING -> urlSpelling(e);
            case FORBIDDEN_ADDRESS -> forbiddenAddress(e);
            case PATH_TRAVERSAL -> pathTraversal(e);
            case SDP_GARBAGE -> sdpGarbage();
            case UNKNOWN_FIELDS -> unknownFields(e);
            case HTTP_LEVEL -> httpLevel(e);
            case BOUNDARY_VALUES -> boundaryValues(e);
        };
        index++;
        return r;
    }

    /** Weighted: URL categories most, since they are where a request reaches a process. */
    private Category category() {
        int n = random.nextInt(100);
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

    // ---- categories ----

    private BadRequest auth(Endpoint e) {
        Map<String, Object> body = e.template().apply(this);
        String token = token(e.service());
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
                new String[] {"Bearer " + token(other(e.service())), "FORBIDDEN", "the other service's token"},
                new String[] {"Bearer " + "x".repeat(4096), "FORBIDDEN", "a 4 KB token"},
                new String[] {"Bearer \u00e9\u00e8" + token, "FORBIDDEN", "non-ASCII before the token"});
        String[] v = variants.get(random.nextInt(variants.size()));
        return request(e.service(), "POST", e.path(), "application/json", null, v[0], json(body), Category.AUTH,
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
        String path = spellings.get(random.nextInt(spellings.size()));
        // Without a token: whatever the spelling, the request must not reach the endpoint.
        return request(e.service(), "POST", path, "application/json", null, null, json(e.template().apply(this)),
                Category.PATH_SPELLING, Expect.NOT_REACHED, false, "no token, path spelled " + path);
    }

    private BadRequest malformedJson(Endpoint e) {
        byte[] valid = json(e.template().apply(this));
        String text = new String(valid, StandardCharsets.UTF_8);
        int kind = random.nextInt(14);
        byte[] body;
        String what;
        Expect expect = Expect.CLIENT_ERROR;
        switch (kind) {
            case 0 -> {
                int cut = 1 + random.nextInt(Math.max(1, valid.length - 2));
                body = java.util.Arrays.copyOf(valid, cut);
                what = "truncated at byte " + cut + " of " + valid.length;
            }
            case 1 -> {
                body = new byte[1 + random.nextInt(256)];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) random.nextInt(256);
                }
                body[0] = '{';
                what = body.length + " random bytes after {";
            }
            case 2 -> {
                body = pick(List.of("", " ", "null", "[]", "[{}]", "\"text\"", "42", "true", "{}{}", "{,}", "{\"a\"}", "{\"a\":}",
                        "{'roomId':'x'}", "{roomId: 1}")).getBytes(StandardCharsets.UTF_8);
                what = "not an object: " + new String(body, StandardCharsets.UTF_8);
                // An empty body or {} on an endpoint whose body is optional (the lists) is a valid request.
                expect = Expect.ANSWERED;
            }
            case 3 -> {
                body = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
                what = "arrays nested 100000 deep";
            }
            case 4 -> {
                body = ("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).getBytes(StandardCharsets.UTF_8);
                what = "objects nested 50000 deep";
            }
            case 5 -> {
                body = text.replaceFirst("\"", "'").getBytes(StandardCharsets.UTF_8);
                what = "a single quote for a double";
            }
            case 6 -> {
                body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid);
                what = "a UTF-8 byte order mark first";
                expect = Expect.ANSWERED;
            }
            case 7 -> {
                body = concat(valid, " trailing garbage {".getBytes(StandardCharsets.UTF_8));
                what = "garbage after the object";
                expect = Expect.ANSWERED;
            }
            case 8 -> {
                body = text.replaceFirst(":", ": 1e999999999 , \"x\":").getBytes(StandardCharsets.UTF_8);
                what = "a number with a billion-digit exponent";
                expect = Expect.ANSWERED;
            }
            case 9 -> {
                body = text.replaceFirst("\\{", "{/* comment */").getBytes(StandardCharsets.UTF_8);
                what = "a comment";
            }
            case 10 -> {
                body = withBytes(valid, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
                what = "invalid UTF-8 inside a string";
                expect = Expect.ANSWERED;
            }
            case 11 -> {
                body = text.replace("\"", "").getBytes(StandardCharsets.UTF_8);
                what = "no quotes at all";
            }
            case 12 -> {
                body = ("{\"x\":\"" + "\\u".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
                what = "broken unicode escapes";
            }
            default -> {
                body = text.replaceFirst("\\{", "{" + "\"dup\":1,".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
                what = "one key 20000 times";
                expect = Expect.ANSWERED;
            }
        }
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), body,
                Category.MALFORMED_JSON, expect, false, what);
    }

    private BadRequest wrongType(Endpoint e) {
        Map<String, Object> body = e.template().apply(this);
        List<String> fields = new ArrayList<>(body.keySet());
        String field = fields.isEmpty() ? "roomId" : pick(fields);
        Object value = pick(List.of(12345, -1, 3.5e300, true, false, List.of(), List.of("a", 1), Map.of(), Map.of("x", Map.of()),
                "", "0", "[object Object]", Long.MAX_VALUE));
        body.put(field, value);
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), json(body),
                Category.WRONG_TYPE, Expect.ANSWERED, urlRequestMayProbe(e), field + " = " + abbreviate(String.valueOf(value)));
    }

    private BadRequest hugeString(Endpoint e) {
        Map<String, Object> body = e.template().apply(this);
        List<String> fields = body.entrySet().stream().filter(en -> en.getValue() instanceof String || en.getValue() instanceof UUID)
                .map(Map.Entry::getKey).toList();
        String field = fields.isEmpty() ? "roomId" : pick(fields);
        String huge;
        if (field.toLowerCase().contains("url")) {
            String marker = marker();
            huge = "rtmp://127.0.0.1:" + targets.closedPort() + "/app/" + marker + "x".repeat(ONE_MEGABYTE);
        } else {
            huge = pick(List.of("a", "\u00e9", "\ud83c\udfa5", "%")).repeat(ONE_MEGABYTE / 2);
        }
        body.put(field, huge);
        // Every string field of both APIs is bounded, so a megabyte in one is refused.
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), json(body),
                Category.HUGE_STRING, Expect.CLIENT_ERROR, false, "1 MB in " + field);
    }

    private BadRequest controlChars(Endpoint e) {
        Map<String, Object> body = e.template().apply(this);
        List<String> fields = body.entrySet().stream().filter(en -> en.getValue() instanceof String).map(Map.Entry::getKey).toList();
        if (fields.isEmpty()) {
            fields = List.of("roomId");
            body.put("roomId", "00000000-0000-0000-0000-000000000000");
        }
        String field = pick(fields);
        String control = pick(CONTROL);
        String value = String.valueOf(body.get(field));
        int at = random.nextInt(value.length() + 1);
        body.put(field, value.substring(0, at) + control + value.substring(at));
        boolean raw = random.nextInt(3) == 0 && control.length() == 1 && control.charAt(0) < 0x20;
        byte[] bytes = json(body);
        if (raw) {
            // The character itself in the JSON text: not valid JSON.
            String escaped = String.format("\\u%04x", (int) control.charAt(0));
            String text = new String(bytes, StandardCharsets.UTF_8);
            String shortEscape = switch (control.charAt(0)) {
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> escaped.toUpperCase().replace("\\U", "\\u");
            };
            text = text.replace(shortEscape, control).replace(escaped, control);
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        // A URL with a control character is refused; elsewhere (a display name) it may be stored.
        boolean urlField = field.toLowerCase().contains("url");
        Expect expect = raw || (urlField && e.service() == Service.VOICE) ? Expect.CLIENT_ERROR : Expect.ANSWERED;
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), bytes,
                Category.CONTROL_CHARS, expect, false, (raw ? "raw " : "escaped ") + describeChar(control) + " in " + field);
    }

    private BadRequest urlSpelling(Endpoint e) {
        if (!hasUrlFields(e)) {
            e = urlEndpoint();
        }
        Role role = roleFor(e);
        Url url = spelling(role);
        Map<String, Object> body = urlBody(e, role, url.url());
        boolean voice = e.service() == Service.VOICE;
        Expect expect = voice && url.verdict() == Verdict.REFUSED ? Expect.CLIENT_ERROR : Expect.ANSWERED;
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), json(body),
                Category.URL_SPELLING, expect, url.verdict() == Verdict.ALLOWED,
                role + " = " + masked(url.url()) + " (" + url.verdict() + ")");
    }

    private BadRequest forbiddenAddress(Endpoint e) {
        if (!hasUrlFields(e)) {
            e = urlEndpoint();
        }
        Role role = roleFor(e);
        String host = pick(FORBIDDEN_HOSTS);
        String marker = marker();
        String url = switch (role) {
            case OUTPUT -> pick(List.of("rtmp://" + host + "/app/" + marker, "rtmps://" + host + ":443/app/" + marker,
                    "rtmp://" + host + ":1935/live/" + marker, "srt://" + host + ":9000?streamid=" + marker + "&passphrase=" + marker));
            case BACKGROUND, FALLBACK_STREAM -> pick(List.of("rtmp://" + host + "/live/" + marker,
                    "http://" + host + "/latest/meta-data/?token=" + marker, "https://" + host + "/video.mp4?sig=" + marker,
                    "http://user:" + marker + "@" + host + "/latest/user-data"));
            case IMAGE -> pick(List.of("http://" + host + "/latest/meta-data/iam.png?token=" + marker,
                    "https://" + host + "/x.png?sig=" + marker));
        };
        Map<String, Object> body = urlBody(e, role, url);
        // The voice service refuses the address; the GameSession service only stores the URL and the voice service refuses it when used.
        boolean voice = e.service() == Service.VOICE;
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), json(body),
                Category.FORBIDDEN_ADDRESS, voice ? Expect.URL_NOT_ALLOWED : Expect.ANSWERED, false,
                role + " at " + host + ": " + masked(url));
    }

    private BadRequest pathTraversal(Endpoint e) {
        Endpoint target = e.path().equals("/voice/room/stream/update") ? e : ENDPOINTS.get(3);
        Role role = random.nextBoolean() ? Role.BACKGROUND : Role.IMAGE;
        String dir = targets.allowedDir().toString();
        String name = targets.allowedDir().getFileName().toString();
        String path = pick(List.of(
                dir + "/../../../../etc/passwd",
                dir + "/../" + name + "/../../../etc/shadow",
                "/etc/passwd", "/proc/self/environ", "/proc/self/cmdline", "/dev/zero", "/dev/stdin", "/dev/urandom",
                dir + "/%2e%2e/%2e%2e/etc/passwd",
                dir + "/..%2f..%2fetc%2fpasswd",
                targets.escapingLink().toString(),
                targets.fifo().toString(),
                dir,
                dir + "/",
                dir + "/missing-" + index + ".png",
                dir + "//../../etc/passwd",
                dir + "\\..\\..\\etc\\passwd",
                "../../etc/passwd",
                "~/.ssh/id_rsa",
                "file:" + dir + "/../../etc/passwd",
                "file://" + targets.allowedImage(),
                "/opt/bannou/backgrounds/../../../etc/passwd",
                dir + "/" + "a/".repeat(600) + "x.png",
                dir + "/\u202egnp.exe"));
        tokens.add(path);
        Map<String, Object> body = urlBody(target, role, path);
        return request(Service.VOICE, "POST", target.path(), "application/json", null, bearer(Service.VOICE), json(body),
                Category.PATH_TRAVERSAL, Expect.CLIENT_ERROR, false, role + " = " + path);
    }

    private BadRequest sdpGarbage() {
        String good = validSdp(20_000 + index % 5000);
        int kind = random.nextInt(16);
        String sdp;
        Expect expect = Expect.CLIENT_ERROR;
        switch (kind) {
            case 0 -> sdp = "";
            case 1 -> sdp = "v=0";
            case 2 -> sdp = randomText(1 + random.nextInt(2000));
            case 3 -> sdp = good.replace("m=audio", "m=video");
            case 4 -> sdp = good.replaceFirst("m=audio \\d+", "m=audio 0");
            case 5 -> sdp = good.replace("c=IN IP4 127.0.0.1\r\n", "");
            case 6 -> sdp = good + "a=x:" + "y".repeat(17 * 1024) + "\r\n";
            case 7 -> sdp = good + "a=x:" + "y".repeat(70 * 1024) + "\r\n";
            case 8 -> sdp = good.replace("s=participant", "s=part\u0000icipant");
            case 9 -> sdp = good.replace("\r\n", "\r");
            case 10 -> sdp = good.replaceFirst("m=audio \\d+", "m=audio " + pick(List.of("99999999999", "-1", "abc", "65536", "")));
            case 11 -> {
                // The media address is RTPEngine's to judge (it is configured by the operator, outside the egress policy).
                sdp = good.replace("c=IN IP4 127.0.0.1", "c=IN IP4 " + pick(List.of("999.1.1.1", "169.254.169.254", "::1", "x")));
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
        Map<String, Object> body = join(sdp);
        if (random.nextInt(6) == 0) {
            body.put("participantId", pick(List.of("", "a b", "../x", "x".repeat(65), "p\u0000", "\u00e9l\u00e8ve", "p;rm")));
            expect = Expect.CLIENT_ERROR;
        }
        return request(Service.VOICE, "POST", "/voice/room/participant/join", "application/json", null, bearer(Service.VOICE),
                json(body), Category.SDP_GARBAGE, expect, false, "SDP variant " + kind + " (" + sdp.length() + " chars)");
    }

    private BadRequest unknownFields(Endpoint e) {
        Map<String, Object> body = e.template().apply(this);
        Object[] extra = pick(List.<Object[]>of(
                new Object[] {"@class", "java.lang.ProcessBuilder"},
                new Object[] {"__proto__", Map.of("admin", true)},
                new Object[] {"constructor", Map.of("prototype", Map.of("x", 1))},
                new Object[] {"isStreaming", true},
                new Object[] {"adminToken", "guess"},
                new Object[] {"roomid", uuid().toString()},
                new Object[] {"ffmpegArgs", List.of("-i", "/etc/passwd")},
                new Object[] {"x".repeat(10_000), "long name"},
                new Object[] {"nested", nested(200)},
                new Object[] {"\u0000", "nul name"}));
        body.put((String) extra[0], extra[1]);
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), json(body),
                Category.UNKNOWN_FIELDS, Expect.ANSWERED, urlRequestMayProbe(e), "unknown field " + abbreviate((String) extra[0]));
    }

    private BadRequest httpLevel(Endpoint e) {
        byte[] body = json(e.template().apply(this));
        int kind = random.nextInt(10);
        return switch (kind) {
            case 0 -> request(e.service(), pick(List.of("GET", "PUT", "DELETE", "PATCH")), e.path(), "application/json", null,
                    bearer(e.service()), body, Category.HTTP_LEVEL, Expect.CLIENT_ERROR, false, "another method");
            case 1 -> request(e.service(), "POST", e.path(), pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                            "application/x-www-form-urlencoded", "application/json; charset=ebcdic", "*/*", "application/problem+json")),
                    null, bearer(e.service()), body, Category.HTTP_LEVEL, Expect.ANSWERED, false, "another content type");
            case 2 -> request(e.service(), "POST", e.path(), null, null, bearer(e.service()), body, Category.HTTP_LEVEL,
                    Expect.CLIENT_ERROR, false, "no content type");
            case 3 -> request(e.service(), "POST", e.path(), "application/json", pick(List.of("application/xml", "text/html", "image/png")),
                    bearer(e.service()), body, Category.HTTP_LEVEL, Expect.ANSWERED, false, "an Accept it cannot give");
            case 4 -> request(e.service(), "POST", pick(List.of("/voice/room", "/voice/room/stream", "/voice/admin", "/gamesession/admin",
                            "/voice/room/stream/start2", "/gamesession/broadcast")), "application/json", null, bearer(e.service()), body,
                    Category.HTTP_LEVEL, Expect.CLIENT_ERROR, false, "an unknown path");
            case 5 -> request(e.service(), pick(List.of("GET", "POST")), pick(List.of("/actuator/env", "/actuator/heapdump",
                            "/actuator/shutdown", "/actuator/configprops", "/actuator/beans", "/actuator/threaddump", "/actuator/loggers",
                            "/actuator/mappings", "/error", "/v3/api-docs/../../etc/passwd")), "application/json", null, null, body,
                    Category.HTTP_LEVEL, Expect.CLIENT_ERROR, false, "an admin or internal path without a token");
            case 6 -> request(e.service(), "POST", e.path() + "?" + pick(List.of("roomId=" + uuid(), "x=%00",
                            "a=" + "b".repeat(4000), "debug=true&trace=true")), "application/json", null, bearer(e.service()), body,
                    Category.HTTP_LEVEL, Expect.ANSWERED, urlRequestMayProbe(e), "a query string");
            case 7 -> request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()),
                    "{\"roomId\":\"".concat("0".repeat(20_000_000)).concat("\"}").getBytes(StandardCharsets.US_ASCII),
                    Category.HTTP_LEVEL, Expect.ANSWERED, false, "a 20 MB body");
            case 8 -> request(e.service(), "POST", e.path(), "application/json;charset=UTF-16", null, bearer(e.service()),
                    new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16), Category.HTTP_LEVEL, Expect.ANSWERED,
                    urlRequestMayProbe(e), "UTF-16 body");
            default -> request(e.service(), "OPTIONS", e.path(), null, null, null, new byte[0], Category.HTTP_LEVEL, Expect.ANSWERED,
                    false, "OPTIONS");
        };
    }

    private BadRequest boundaryValues(Endpoint e) {
        Map<String, Object> body = e.template().apply(this);
        String what;
        if (body.containsKey("roomId") || body.containsKey("sessionId")) {
            String key = body.containsKey("roomId") ? "roomId" : "sessionId";
            Object id = pick(List.of("", "not-a-uuid", "00000000-0000-0000-0000-000000000000", uuid() + "x",
                    "{" + uuid() + "}", uuid().toString().toUpperCase(), uuid().toString().replace("-", ""),
                    "ffffffff-ffff-ffff-ffff-ffffffffffff", "1-1-1-1-1", " " + uuid(), "g0000000-0000-0000-0000-000000000000"));
            body.put(key, id);
            what = key + " = " + id;
        } else {
            what = "the template";
        }
        if (e.path().equals("/voice/room/create")) {
            Map<String, Object> audio = new LinkedHashMap<>();
            audio.put("codec", pick(List.of("opus", "OPUS", "pcmu", "g729", "", "opus\u0000")));
            audio.put("payloadType", pick(List.of(-1, 0, 127, 128, 255, Integer.MAX_VALUE, new java.math.BigDecimal("1e309"), 111.5)));
            audio.put("sampleRate", pick(List.of(0, 7999, 8000, 44100, 48000, 48001, 96000, Long.MIN_VALUE)));
            audio.put("channels", pick(List.of(0, 1, 2, 3, -2)));
            body.put("audio", audio);
            body.put("tier", pick(List.of("scaled", "SCALED", "p2p", "", "p2p ", "mesh", 0, 1)));
            body.put("audioMode", pick(List.of("direct", "rtpengine", "RTPENGINE", "sfu", "")));
            what = "room audio " + audio + ", tier " + body.get("tier");
        } else if (e.path().equals("/voice/room/stream/participant")) {
            Object gain = pick(List.of(-60, -60.0001, 24, 24.0001, 1e308, -1e308, 0, "NaN", "Infinity"));
            body.put("gainDb", gain);
            what = "gainDb " + gain;
        } else if (e.path().equals("/gamesession/broadcast/configure")) {
            List<String> prefs = new ArrayList<>();
            for (int i = 0, n = pick(List.of(0, 64, 65, 1000)); i < n; i++) {
                prefs.add(pick(List.of("cam-" + i, "", "x".repeat(201))));
            }
            body.put("cameraPreference", prefs);
            what = prefs.size() + " camera preferences";
        } else if (e.path().equals("/voice/room/stream/start")) {
            body.put("audioBitrate", pick(List.of("128k", "1k", "9999k", "128K", "128", "-128k", "", "128k\n")));
            body.put("audioCodec", pick(List.of("aac", "AAC", "mp3", "opus", "", "aac ")));
            what = "audio " + body.get("audioCodec") + "/" + body.get("audioBitrate");
        }
        return request(e.service(), "POST", e.path(), "application/json", null, bearer(e.service()), json(body),
                Category.BOUNDARY_VALUES, Expect.ANSWERED, urlRequestMayProbe(e), what);
    }

    // ---- URLs ----

    /** Spellings of URLs at loopback addresses nothing answers on, or refused by form, for a role. */
    private Url spelling(Role role) {
        String m = marker();
        String host = "127.0.0.1:" + targets.closedPort();
        List<Url> refused = new ArrayList<>(List.of(
                refused("file:///etc/passwd?" + m), refused("file:" + targets.allowedImage()),
                refused("concat:" + targets.allowedImage() + "|/etc/passwd"), refused("subfile,,start,0,end,0,,:/etc/passwd"),
                refused("gopher://" + host + "/_" + m), refused("ftp://" + host + "/" + m), refused("tcp://" + host + "?" + m),
                refused("udp://" + host + "/" + m),
                refused("rtsp://" + host + "/" + m), refused("rtmpt://" + host + "/app/" + m), refused("rtmpe://" + host + "/app/" + m),
                refused("hls+http://" + host + "/x.m3u8?k=" + m), refused("pipe:0"), refused("crypto:http://" + host + "/" + m),
                refused("tee:[f=flv]rtmp://" + host + "/app/" + m), refused("async:http://" + host + "/x?" + m),
                refused("cache:http://" + host + "/x?" + m), refused("data:image/png;base64,iVBORw0KGgo" + m),
                refused("javascript:alert('" + m + "')"), refused("unix:///var/run/docker.sock?" + m), refused("ws://" + host + "/" + m),
                refused("icecast://source:" + m + "@" + host + "/x"), refused("ldap://" + host + "/" + m),
                refused("dict://" + host + "/" + m), refused("smb://" + host + "/" + m), refused("x-custom+v1://" + host + "/app/" + m),
                refused(host + "/app/" + m), refused("//" + host + "/app/" + m), refused("rtmp:/" + host + "/app/" + m),
                refused("rtmp:" + host + "/app/" + m), refused("rtmp:///app/" + m), refused("rtmp://:1935/app/" + m),
                refused("rtmp://127.0.0.1:0/app/" + m), refused("rtmp://127.0.0.1:65536/app/" + m),
                refused("rtmp://127.0.0.1:99999999999/app/" + m), refused("rtmp://[::1/app/" + m),
                refused("rtmp://" + host + "/app/" + m + " extra"), refused("rtmp://" + host + "/app/\t" + m),
                refused("rtmp://\u0127\u0103lhost/app/" + m), refused(" rtmp://" + host + "/app/" + m),
                refused("rtmp://" + host + "/app/" + m + "x".repeat(2100)), refused("rtmp://exa mple.com/app/" + m),
                refused("rtmp://127.0.0.1:" + targets.closedPort() + "@/app/" + m), refused("rtmp://%31%32%37.0.0.1/app/" + m)));
        List<Url> allowed = new ArrayList<>();
        if (role == Role.OUTPUT) {
            refused.add(refused("rtmp://" + host + "/"));
            refused.add(refused("http://" + host + "/app/" + m));
            // SRT is a destination only: caller mode to host:port, its own few options (an SRT URL
            // that passes starts a broadcast without a probe, so only refused ones are generated)
            refused.add(refused("srt://127.0.0.1?streamid=" + m + "&passphrase=" + m));
            refused.add(refused("srt://" + host + "?streamid=" + m + "&mode=listener"));
            refused.add(refused("srt://" + host + "/app/" + m));
            refused.add(refused("srt://" + host + "?localport=1935&streamid=" + m));
            refused.add(refused("srt://" + host + "?streamid=#!::r=" + m));
            refused.add(refused("srt://" + m + "@" + host + "?streamid=x"));
            allowed.addAll(List.of(allowed("RTMP://" + host + "/app/" + m), allowed("rtmp://user:" + m + "@" + host + "/app/x"),
                    allowed("rtmp://" + host + "/app/x?key=" + m), allowed("rtmps://" + host + "/app/" + m + "#frag"),
                    allowed("rtmp://localhost:" + targets.closedPort() + "/app/" + m), allowed("rtmp://[::1]:" + targets.closedPort() + "/app/" + m),
                    allowed("rtmp://" + host + "/app/%00" + m), allowed("rtmp://" + host + "/app/" + m + "/../../x"),
                    allowed("rtmp://" + host + "/" + "app/".repeat(300) + m)));
        } else {
            refused.add(refused("srt://" + host + "?streamid=" + m + "&passphrase=" + m));
            allowed.addAll(List.of(allowed("rtmp://" + host + "/live/" + m), allowed("RTMPS://" + host + "/live/" + m),
                    allowed("rtmp://user:" + m + "@" + host + "/live/x"), allowed("http://" + host + "/x.mp4?token=" + m),
                    allowed("https://" + host + "/x.png?sig=" + m), allowed("http://user:" + m + "@" + host + "/x.png"),
                    allowed("rtmp://[::1]:" + targets.closedPort() + "/live/" + m)));
            if (role == Role.IMAGE) {
                refused.add(refused("rtmp://" + host + "/live/" + m));
            }
        }
        // The same weight for both kinds, whatever the list lengths.
        return random.nextBoolean() ? pick(refused) : pick(allowed);
    }

    private static Url refused(String url) {
        return new Url(url, Verdict.REFUSED);
    }

    private static Url allowed(String url) {
        return new Url(url, Verdict.ALLOWED);
    }

    /** Start and update (the voice service's URL fields) and configure (the GameSession service's). */
    private Endpoint urlEndpoint() {
        return pick(ENDPOINTS.stream().filter(this::hasUrlFields).toList());
    }

    private boolean hasUrlFields(Endpoint e) {
        return e.path().endsWith("/stream/start") || e.path().endsWith("/stream/update") || e.path().endsWith("/broadcast/configure")
                || e.path().endsWith("/destination/add");
    }

    private Role roleFor(Endpoint e) {
        if (e.path().endsWith("/broadcast/configure")) {
            return pick(List.of(Role.OUTPUT, Role.FALLBACK_STREAM, Role.IMAGE));
        }
        if (e.path().endsWith("/destination/add")) {
            return Role.OUTPUT;
        }
        return pick(List.of(Role.OUTPUT, Role.BACKGROUND, Role.FALLBACK_STREAM, Role.IMAGE));
    }

    /**
     * The endpoint's body with {@code url} in the role's field and every other URL valid and
     * answering (the destination accepts connect), so that the field under test is the one decided on.
     */
    private Map<String, Object> urlBody(Endpoint e, Role role, String url) {
        Map<String, Object> body;
        if (e.path().endsWith("/broadcast/configure")) {
            body = configure();
        } else if (e.path().endsWith("/destination/add")) {
            body = addDestination();
            body.put("url", url);
            return body;
        } else if (e.path().endsWith("/stream/update")) {
            body = map("roomId", targets.liveRoom());
        } else {
            body = start(true);
        }
        String field = switch (role) {
            case OUTPUT -> "rtmpOutputUrl";
            case BACKGROUND -> "backgroundVideoUrl";
            case FALLBACK_STREAM -> "fallbackStreamUrl";
            case IMAGE -> "fallbackImageUrl";
        };
        if (field.equals("backgroundVideoUrl") && e.path().endsWith("/broadcast/configure")) {
            field = "fallbackStreamUrl";
        }
        if (field.equals("rtmpOutputUrl") && e.path().endsWith("/broadcast/configure") && random.nextBoolean()) {
            // the GameSession's other destination field, after a valid first destination
            body.put("destinations", List.of(map("url", url)));
            return body;
        }
        body.put(field, url);
        return body;
    }

    /** A request that carries URLs of valid form may probe them (only the ones at allowed addresses are generated here). */
    private boolean urlRequestMayProbe(Endpoint e) {
        return hasUrlFields(e);
    }

    // ---- templates ----

    private Map<String, Object> createRoom() {
        Map<String, Object> audio = map("codec", "opus", "payloadType", 111, "sampleRate", 48000, "channels", 2);
        return map("tier", "scaled", "displayName", "fuzz room " + index, "audio", audio, "audioMode", "direct");
    }

    /** A start whose output is refused at once (closed port) unless {@code answering}: then it is the RTMP server. */
    private Map<String, Object> start(boolean answering) {
        String output = answering ? targets.validOutput() + marker() : "rtmp://127.0.0.1:" + targets.closedPort() + "/app/" + marker();
        return map("roomId", pick(targets.scaledRooms()), "rtmpOutputUrl", output);
    }

    /** Half of them for the room on air, where an update reaches the URL checks. */
    private Map<String, Object> update() {
        return map("roomId", random.nextBoolean() ? targets.liveRoom() : pick(targets.scaledRooms()), "backgroundVideoUrl",
                "rtmp://127.0.0.1:" + targets.closedPort() + "/live/" + marker());
    }

    /** A destination for the room on air whose URL is refused at once (closed port); never one that is added. */
    private Map<String, Object> addDestination() {
        return map("roomId", targets.liveRoom(), "destinationId", "fuzz-" + index,
                "url", "rtmp://127.0.0.1:" + targets.closedPort() + "/app/" + marker());
    }

    private Map<String, Object> join(String sdp) {
        return map("roomId", pick(targets.rtpengineRooms()), "participantId", "fuzz-" + index, "sdpOffer", sdp);
    }

    private Map<String, Object> configure() {
        return map("sessionId", uuid(), "rtmpOutputUrl", targets.validOutput() + marker(),
                "cameraPreference", List.of("cam-a", "cam-b"));
    }

    /** A sendonly Opus offer as a participant's client sends it. */
    static String validSdp(int port) {
        return RtpEngineParticipant.offer(port, RtpTone.Codec.OPUS);
    }

    // ---- helpers ----

    /** A fresh stream-key marker, unique in the run and the same for the same seed. */
    private String marker() {
        String m = "sk_fuzz_" + Long.toHexString(seed & 0xffffffL) + "_" + index + "_" + (markers++);
        secrets.add(m);
        tokens.add(m);
        return m;
    }

    /** A UUID drawn from the seed, so that a replay sends the same ids. */
    private UUID uuid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private UUID anyRoom() {
        return random.nextInt(4) == 0 ? uuid() : pick(targets.scaledRooms());
    }

    private String token(Service s) {
        return s == Service.VOICE ? targets.voiceToken() : targets.gamesessionToken();
    }

    private String bearer(Service s) {
        return "Bearer " + token(s);
    }

    private static Service other(Service s) {
        return s == Service.VOICE ? Service.GAMESESSION : Service.VOICE;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String randomText(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) random.nextInt(1, 0x2FF));
        }
        return b.toString();
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> current = m;
        for (int i = 0; i < depth; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            current.put("n", next);
            current = next;
        }
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof UUID u ? u.toString() : v);
        }
        return m;
    }

    private static byte[] json(Map<String, Object> body) {
        return JSON.writeValueAsBytes(body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** {@code inner} inserted inside the first string value. */
    private static byte[] withBytes(byte[] json, byte[] inner) {
        String text = new String(json, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(":\"");
        if (at < 0) {
            return concat(json, inner);
        }
        at += 2;
        byte[] all = new byte[json.length + inner.length];
        System.arraycopy(json, 0, all, 0, at);
        System.arraycopy(inner, 0, all, at, inner.length);
        System.arraycopy(json, at, all, at + inner.length, json.length - at);
        return all;
    }

    private static String describeChar(String c) {
        StringBuilder b = new StringBuilder();
        c.chars().limit(4).forEach(ch -> b.append(String.format("U+%04X ", ch)));
        return b.toString().trim();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "… (" + s.length() + " chars)" : s;
    }

    /** For descriptions: markers and long runs cut, so a failure message stays readable. */
    private String masked(String url) {
        String m = url;
        for (String s : secrets) {
            m = m.replace(s, "<key>");
        }
        return abbreviate(m);
    }

    /**
     * A request that may be valid after all ({@link Expect#ANSWERED}) and whose URLs are the
     * template's (valid form, allowed addresses) may start their probe or decoder; a request whose
     * URL is the bad input never may, unless it was generated as allowed.
     */
    private BadRequest request(Service service, String method, String path, String contentType, String accept, String authorization,
                               byte[] body, Category category, Expect expect, boolean processesAllowed, String description) {
        boolean urlsUntouched = category != Category.URL_SPELLING && category != Category.FORBIDDEN_ADDRESS
                && category != Category.PATH_TRAVERSAL;
        boolean mayProcess = processesAllowed || (expect == Expect.ANSWERED && urlsUntouched
                && ENDPOINTS.stream().anyMatch(e -> hasUrlFields(e) && path.startsWith(e.path())));
        return new BadRequest(index, service, method, path, contentType, accept, authorization, body, category, expect,
                mayProcess, Set.copyOf(tokens), Set.copyOf(secrets), description);
    }
}
