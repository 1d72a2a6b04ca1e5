package io.voicebroadcast.testsupport.fuzz;

import static io.voicebroadcast.testsupport.fuzz.BadRequests.ONE_MEGABYTE;
import static io.voicebroadcast.testsupport.fuzz.FuzzDraw.abbreviate;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.json;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.urlRequestMayProbe;

import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Expect;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bad requests whose bad input is the body: malformed JSON, wrong types, huge strings, control
 * characters, unknown fields, values at and past their bounds.
 */
final class BadBodies {

    private static final List<String> CONTROL = List.of("\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f",
            "\u0085", "\u2028", "\r\nX-Injected: 1");

    private BadBodies() {
    }

    static BadRequest malformedJson(FuzzDraw d, Endpoint e) {
        byte[] valid = json(e.template().apply(d));
        String text = new String(valid, StandardCharsets.UTF_8);
        int kind = d.random.nextInt(14);
        byte[] body;
        String what;
        Expect expect = Expect.CLIENT_ERROR;
        switch (kind) {
            case 0 -> {
                int cut = 1 + d.random.nextInt(Math.max(1, valid.length - 2));
                body = java.util.Arrays.copyOf(valid, cut);
                what = "truncated at byte " + cut + " of " + valid.length;
            }
            case 1 -> {
                body = new byte[1 + d.random.nextInt(256)];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) d.random.nextInt(256);
                }
                body[0] = '{';
                what = body.length + " random bytes after {";
            }
            case 2 -> {
                body = d.pick(List.of("", " ", "null", "[]", "[{}]", "\"text\"", "42", "true", "{}{}", "{,}", "{\"a\"}", "{\"a\":}",
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
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), body,
                Category.MALFORMED_JSON, expect, false, what);
    }

    static BadRequest wrongType(FuzzDraw d, Endpoint e) {
        Map<String, Object> body = e.template().apply(d);
        List<String> fields = new ArrayList<>(body.keySet());
        String field = fields.isEmpty() ? "roomId" : d.pick(fields);
        Object value = d.pick(List.of(12345, -1, 3.5e300, true, false, List.of(), List.of("a", 1), Map.of(), Map.of("x", Map.of()),
                "", "0", "[object Object]", Long.MAX_VALUE));
        body.put(field, value);
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), json(body),
                Category.WRONG_TYPE, Expect.ANSWERED, urlRequestMayProbe(e), field + " = " + abbreviate(String.valueOf(value)));
    }

    static BadRequest hugeString(FuzzDraw d, Endpoint e) {
        Map<String, Object> body = e.template().apply(d);
        List<String> fields = body.entrySet().stream().filter(en -> en.getValue() instanceof String || en.getValue() instanceof UUID)
                .map(Map.Entry::getKey).toList();
        String field = fields.isEmpty() ? "roomId" : d.pick(fields);
        String huge;
        if (field.toLowerCase().contains("url")) {
            String marker = d.marker();
            huge = "rtmp://127.0.0.1:" + d.targets.closedPort() + "/app/" + marker + "x".repeat(ONE_MEGABYTE);
        } else {
            huge = d.pick(List.of("a", "\u00e9", "\ud83c\udfa5", "%")).repeat(ONE_MEGABYTE / 2);
        }
        body.put(field, huge);
        // Every string field of both APIs is bounded, so a megabyte in one is refused.
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), json(body),
                Category.HUGE_STRING, Expect.CLIENT_ERROR, false, "1 MB in " + field);
    }

    static BadRequest controlChars(FuzzDraw d, Endpoint e) {
        Map<String, Object> body = e.template().apply(d);
        List<String> fields = body.entrySet().stream().filter(en -> en.getValue() instanceof String).map(Map.Entry::getKey).toList();
        if (fields.isEmpty()) {
            fields = List.of("roomId");
            body.put("roomId", "00000000-0000-0000-0000-000000000000");
        }
        String field = d.pick(fields);
        String control = d.pick(CONTROL);
        String value = String.valueOf(body.get(field));
        int at = d.random.nextInt(value.length() + 1);
        body.put(field, value.substring(0, at) + control + value.substring(at));
        boolean raw = d.random.nextInt(3) == 0 && control.length() == 1 && control.charAt(0) < 0x20;
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
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), bytes,
                Category.CONTROL_CHARS, expect, false, (raw ? "raw " : "escaped ") + describeChar(control) + " in " + field);
    }

    static BadRequest unknownFields(FuzzDraw d, Endpoint e) {
        Map<String, Object> body = e.template().apply(d);
        Object[] extra = d.pick(List.<Object[]>of(
                new Object[] {"@class", "java.lang.ProcessBuilder"},
                new Object[] {"__proto__", Map.of("admin", true)},
                new Object[] {"constructor", Map.of("prototype", Map.of("x", 1))},
                new Object[] {"isStreaming", true},
                new Object[] {"adminToken", "guess"},
                new Object[] {"roomid", d.uuid().toString()},
                new Object[] {"ffmpegArgs", List.of("-i", "/etc/passwd")},
                new Object[] {"x".repeat(10_000), "long name"},
                new Object[] {"nested", nested(200)},
                new Object[] {"\u0000", "nul name"}));
        body.put((String) extra[0], extra[1]);
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), json(body),
                Category.UNKNOWN_FIELDS, Expect.ANSWERED, urlRequestMayProbe(e), "unknown field " + abbreviate((String) extra[0]));
    }

    static BadRequest boundaryValues(FuzzDraw d, Endpoint e) {
        Map<String, Object> body = e.template().apply(d);
        String what;
        if (body.containsKey("roomId") || body.containsKey("sessionId")) {
            String key = body.containsKey("roomId") ? "roomId" : "sessionId";
            Object id = d.pick(List.of("", "not-a-uuid", "00000000-0000-0000-0000-000000000000", d.uuid() + "x",
                    "{" + d.uuid() + "}", d.uuid().toString().toUpperCase(), d.uuid().toString().replace("-", ""),
                    "ffffffff-ffff-ffff-ffff-ffffffffffff", "1-1-1-1-1", " " + d.uuid(), "g0000000-0000-0000-0000-000000000000"));
            body.put(key, id);
            what = key + " = " + id;
        } else {
            what = "the template";
        }
        if (e.path().equals("/voice/room/create")) {
            Map<String, Object> audio = new LinkedHashMap<>();
            audio.put("codec", d.pick(List.of("opus", "OPUS", "pcmu", "g729", "", "opus\u0000")));
            audio.put("payloadType", d.pick(List.of(-1, 0, 127, 128, 255, Integer.MAX_VALUE, new java.math.BigDecimal("1e309"), 111.5)));
            audio.put("sampleRate", d.pick(List.of(0, 7999, 8000, 44100, 48000, 48001, 96000, Long.MIN_VALUE)));
            audio.put("channels", d.pick(List.of(0, 1, 2, 3, -2)));
            body.put("audio", audio);
            body.put("tier", d.pick(List.of("scaled", "SCALED", "p2p", "", "p2p ", "mesh", 0, 1)));
            body.put("audioMode", d.pick(List.of("direct", "rtpengine", "RTPENGINE", "sfu", "")));
            what = "room audio " + audio + ", tier " + body.get("tier");
        } else if (e.path().equals("/voice/room/stream/participant")) {
            Object gain = d.pick(List.of(-60, -60.0001, 24, 24.0001, 1e308, -1e308, 0, "NaN", "Infinity"));
            body.put("gainDb", gain);
            what = "gainDb " + gain;
        } else if (e.path().equals("/gamesession/broadcast/configure")) {
            List<String> prefs = new ArrayList<>();
            for (int i = 0, n = d.pick(List.of(0, 64, 65, 1000)); i < n; i++) {
                prefs.add(d.pick(List.of("cam-" + i, "", "x".repeat(201))));
            }
            body.put("cameraPreference", prefs);
            what = prefs.size() + " camera preferences";
        } else if (e.path().equals("/voice/room/stream/start")) {
            body.put("audioBitrate", d.pick(List.of("128k", "1k", "9999k", "128K", "128", "-128k", "", "128k\n")));
            body.put("audioCodec", d.pick(List.of("aac", "AAC", "mp3", "opus", "", "aac ")));
            what = "audio " + body.get("audioCodec") + "/" + body.get("audioBitrate");
        }
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), json(body),
                Category.BOUNDARY_VALUES, Expect.ANSWERED, urlRequestMayProbe(e), what);
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
}
