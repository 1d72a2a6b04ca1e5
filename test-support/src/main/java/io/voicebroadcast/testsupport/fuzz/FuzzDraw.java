package io.voicebroadcast.testsupport.fuzz;

import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.ENDPOINTS;
import static io.voicebroadcast.testsupport.fuzz.FuzzEndpoints.hasUrlFields;

import io.voicebroadcast.testsupport.fuzz.BadRequest.Category;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Expect;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The seeded draw behind {@link BadRequests}: the random sequence, the index of the request being
 * built, and the stream-key markers and tokens it carries. Every choice a generator makes goes
 * through here, in the order it makes them, so that a seed replays the same requests.
 */
final class FuzzDraw {

    final long seed;
    final FuzzTargets targets;
    final SplittableRandom random;
    int index;
    /** The request being built: its tokens and secrets. */
    Set<String> tokens;
    Set<String> secrets;
    private int markers;

    FuzzDraw(long seed, FuzzTargets targets) {
        this.seed = seed;
        this.targets = targets;
        this.random = new SplittableRandom(seed);
    }

    /** A new request: no tokens, secrets or markers yet. */
    void begin() {
        tokens = new LinkedHashSet<>();
        secrets = new LinkedHashSet<>();
        markers = 0;
    }

    /** A fresh stream-key marker, unique in the run and the same for the same seed. */
    String marker() {
        String m = "sk_fuzz_" + Long.toHexString(seed & 0xffffffL) + "_" + index + "_" + (markers++);
        secrets.add(m);
        tokens.add(m);
        return m;
    }

    /** A UUID drawn from the seed, so that a replay sends the same ids. */
    UUID uuid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    UUID anyRoom() {
        return random.nextInt(4) == 0 ? uuid() : pick(targets.scaledRooms());
    }

    String token(Service s) {
        return s == Service.VOICE ? targets.voiceToken() : targets.gamesessionToken();
    }

    String bearer(Service s) {
        return "Bearer " + token(s);
    }

    static Service other(Service s) {
        return s == Service.VOICE ? Service.GAMESESSION : Service.VOICE;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    String randomText(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) random.nextInt(1, 0x2FF));
        }
        return b.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "… (" + s.length() + " chars)" : s;
    }

    /** For descriptions: markers and long runs cut, so a failure message stays readable. */
    String masked(String url) {
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
    BadRequest request(Service service, String method, String path, String contentType, String accept, String authorization,
                               byte[] body, Category category, Expect expect, boolean processesAllowed, String description) {
        boolean urlsUntouched = category != Category.URL_SPELLING && category != Category.FORBIDDEN_ADDRESS
                && category != Category.PATH_TRAVERSAL;
        boolean mayProcess = processesAllowed || (expect == Expect.ANSWERED && urlsUntouched
                && ENDPOINTS.stream().anyMatch(e -> hasUrlFields(e) && path.startsWith(e.path())));
        return new BadRequest(index, service, method, path, contentType, accept, authorization, body, category, expect,
                mayProcess, Set.copyOf(tokens), Set.copyOf(secrets), description);
    }
}
