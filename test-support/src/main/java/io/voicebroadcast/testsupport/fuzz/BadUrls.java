package io.voicebroadcast.testsupport.fuzz;

import static io.voicebroadcast.testsupport.fuzz.BadRequests.FORBIDDEN_HOSTS;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.ENDPOINTS;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.addDestination;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.configure;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.hasUrlFields;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.json;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.map;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.start;

import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Expect;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bad requests whose bad input is a URL or a local path: odd spellings (refused by form, or of
 * valid form at loopback addresses nothing answers on), forbidden addresses, path traversal.
 */
final class BadUrls {

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

    private BadUrls() {
    }

    static BadRequest urlSpelling(FuzzDraw d, Endpoint e) {
        if (!hasUrlFields(e)) {
            e = urlEndpoint(d);
        }
        Role role = roleFor(d, e);
        Url url = spelling(d, role);
        Map<String, Object> body = urlBody(d, e, role, url.url());
        boolean voice = e.service() == Service.VOICE;
        Expect expect = voice && url.verdict() == Verdict.REFUSED ? Expect.CLIENT_ERROR : Expect.ANSWERED;
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), json(body),
                Category.URL_SPELLING, expect, url.verdict() == Verdict.ALLOWED,
                role + " = " + d.masked(url.url()) + " (" + url.verdict() + ")");
    }

    static BadRequest forbiddenAddress(FuzzDraw d, Endpoint e) {
        if (!hasUrlFields(e)) {
            e = urlEndpoint(d);
        }
        Role role = roleFor(d, e);
        String host = d.pick(FORBIDDEN_HOSTS);
        String marker = d.marker();
        String url = switch (role) {
            case OUTPUT -> d.pick(List.of("rtmp://" + host + "/app/" + marker, "rtmps://" + host + ":443/app/" + marker,
                    "rtmp://" + host + ":1935/live/" + marker, "srt://" + host + ":9000?streamid=" + marker + "&passphrase=" + marker));
            case BACKGROUND, FALLBACK_STREAM -> d.pick(List.of("rtmp://" + host + "/live/" + marker,
                    "http://" + host + "/latest/meta-data/?token=" + marker, "https://" + host + "/video.mp4?sig=" + marker,
                    "http://user:" + marker + "@" + host + "/latest/user-data"));
            case IMAGE -> d.pick(List.of("http://" + host + "/latest/meta-data/iam.png?token=" + marker,
                    "https://" + host + "/x.png?sig=" + marker));
        };
        Map<String, Object> body = urlBody(d, e, role, url);
        // The voice service refuses the address; the GameSession service only stores the URL and the voice service refuses it when used.
        boolean voice = e.service() == Service.VOICE;
        return d.request(e.service(), "POST", e.path(), "application/json", null, d.bearer(e.service()), json(body),
                Category.FORBIDDEN_ADDRESS, voice ? Expect.URL_NOT_ALLOWED : Expect.ANSWERED, false,
                role + " at " + host + ": " + d.masked(url));
    }

    static BadRequest pathTraversal(FuzzDraw d, Endpoint e) {
        Endpoint target = e.path().equals("/voice/room/stream/update") ? e : ENDPOINTS.get(3);
        Role role = d.random.nextBoolean() ? Role.BACKGROUND : Role.IMAGE;
        String dir = d.targets.allowedDir().toString();
        String name = d.targets.allowedDir().getFileName().toString();
        String path = d.pick(List.of(
                dir + "/../../../../etc/passwd",
                dir + "/../" + name + "/../../../etc/shadow",
                "/etc/passwd", "/proc/self/environ", "/proc/self/cmdline", "/dev/zero", "/dev/stdin", "/dev/urandom",
                dir + "/%2e%2e/%2e%2e/etc/passwd",
                dir + "/..%2f..%2fetc%2fpasswd",
                d.targets.escapingLink().toString(),
                d.targets.fifo().toString(),
                dir,
                dir + "/",
                dir + "/missing-" + d.index + ".png",
                dir + "//../../etc/passwd",
                dir + "\\..\\..\\etc\\passwd",
                "../../etc/passwd",
                "~/.ssh/id_rsa",
                "file:" + dir + "/../../etc/passwd",
                "file://" + d.targets.allowedImage(),
                "/opt/bannou/backgrounds/../../../etc/passwd",
                dir + "/" + "a/".repeat(600) + "x.png",
                dir + "/\u202egnp.exe"));
        d.tokens.add(path);
        Map<String, Object> body = urlBody(d, target, role, path);
        return d.request(Service.VOICE, "POST", target.path(), "application/json", null, d.bearer(Service.VOICE), json(body),
                Category.PATH_TRAVERSAL, Expect.CLIENT_ERROR, false, role + " = " + path);
    }

    /** Spellings of URLs at loopback addresses nothing answers on, or refused by form, for a role. */
    static Url spelling(FuzzDraw d, Role role) {
        String m = d.marker();
        String host = "127.0.0.1:" + d.targets.closedPort();
        List<Url> refused = new ArrayList<>(List.of(
                refused("file:///etc/passwd?" + m), refused("file:" + d.targets.allowedImage()),
                refused("concat:" + d.targets.allowedImage() + "|/etc/passwd"), refused("subfile,,start,0,end,0,,:/etc/passwd"),
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
                refused("rtmp://127.0.0.1:" + d.targets.closedPort() + "@/app/" + m), refused("rtmp://%31%32%37.0.0.1/app/" + m)));
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
                    allowed("rtmp://localhost:" + d.targets.closedPort() + "/app/" + m), allowed("rtmp://[::1]:" + d.targets.closedPort() + "/app/" + m),
                    allowed("rtmp://" + host + "/app/%00" + m), allowed("rtmp://" + host + "/app/" + m + "/../../x"),
                    allowed("rtmp://" + host + "/" + "app/".repeat(300) + m)));
        } else {
            refused.add(refused("srt://" + host + "?streamid=" + m + "&passphrase=" + m));
            allowed.addAll(List.of(allowed("rtmp://" + host + "/live/" + m), allowed("RTMPS://" + host + "/live/" + m),
                    allowed("rtmp://user:" + m + "@" + host + "/live/x"), allowed("http://" + host + "/x.mp4?token=" + m),
                    allowed("https://" + host + "/x.png?sig=" + m), allowed("http://user:" + m + "@" + host + "/x.png"),
                    allowed("rtmp://[::1]:" + d.targets.closedPort() + "/live/" + m)));
            if (role == Role.IMAGE) {
                refused.add(refused("rtmp://" + host + "/live/" + m));
            }
        }
        // The same weight for both kinds, whatever the list lengths.
        return d.random.nextBoolean() ? d.pick(refused) : d.pick(allowed);
    }

    private static Url refused(String url) {
        return new Url(url, Verdict.REFUSED);
    }

    private static Url allowed(String url) {
        return new Url(url, Verdict.ALLOWED);
    }

    /** Start and update (the voice service's URL fields) and configure (the GameSession service's). */
    static Endpoint urlEndpoint(FuzzDraw d) {
        return d.pick(ENDPOINTS.stream().filter(FuzzEndpoints::hasUrlFields).toList());
    }

    static Role roleFor(FuzzDraw d, Endpoint e) {
        if (e.path().endsWith("/broadcast/configure")) {
            return d.pick(List.of(Role.OUTPUT, Role.FALLBACK_STREAM, Role.IMAGE));
        }
        if (e.path().endsWith("/destination/add")) {
            return Role.OUTPUT;
        }
        return d.pick(List.of(Role.OUTPUT, Role.BACKGROUND, Role.FALLBACK_STREAM, Role.IMAGE));
    }

    /**
     * The endpoint's body with {@code url} in the role's field and every other URL valid and
     * answering (the destination accepts connect), so that the field under test is the one decided on.
     */
    static Map<String, Object> urlBody(FuzzDraw d, Endpoint e, Role role, String url) {
        Map<String, Object> body;
        if (e.path().endsWith("/broadcast/configure")) {
            body = configure(d);
        } else if (e.path().endsWith("/destination/add")) {
            body = addDestination(d);
            body.put("url", url);
            return body;
        } else if (e.path().endsWith("/stream/update")) {
            body = map("roomId", d.targets.liveRoom());
        } else {
            body = start(d, true);
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
        if (field.equals("rtmpOutputUrl") && e.path().endsWith("/broadcast/configure") && d.random.nextBoolean()) {
            // the GameSession's other destination field, after a valid first destination
            body.put("destinations", List.of(map("url", url)));
            return body;
        }
        body.put(field, url);
        return body;
    }
}
