package io.voicebroadcast.testsupport.fuzz;

import java.util.Set;

/**
 * One generated request and what a correct service does with it.
 *
 * @param index            its place in the seeded sequence (with the seed, it replays the request)
 * @param service          which service it goes to
 * @param method           the HTTP method
 * @param path             the request path (may be spelled oddly on purpose)
 * @param contentType      the Content-Type header, or null for none
 * @param accept           the Accept header, or null for none
 * @param authorization    the Authorization header, or null for none
 * @param body             the raw body (may be no JSON at all)
 * @param category         what kind of bad input it is
 * @param expect           the answers that are correct for it
 * @param processesAllowed whether it may start FFmpeg/ffprobe (a URL of valid form at an allowed
 *                         address is probed, and that is right); a refused request never may
 * @param tokens           what identifies the processes it causes (its secrets and its local files)
 * @param secrets          stream keys in it that must never come back in any answer or log
 * @param description      a short, masked account for failure messages
 */
public record BadRequest(int index, Service service, String method, String path, String contentType, String accept,
                         String authorization, byte[] body, Category category, Expect expect, boolean processesAllowed,
                         Set<String> tokens, Set<String> secrets, String description) {

    public enum Service {
        VOICE,
        GAMESESSION
    }

    public enum Category {
        AUTH,
        PATH_SPELLING,
        MALFORMED_JSON,
        WRONG_TYPE,
        HUGE_STRING,
        CONTROL_CHARS,
        URL_SPELLING,
        FORBIDDEN_ADDRESS,
        PATH_TRAVERSAL,
        SDP_GARBAGE,
        UNKNOWN_FIELDS,
        HTTP_LEVEL,
        BOUNDARY_VALUES
    }

    /** The answers that are correct; every one of them also means: below 500, no trace, no secret. */
    public enum Expect {
        /** 401: no usable bearer token. */
        UNAUTHORIZED,
        /** 403: a token that is not the admin credential. */
        FORBIDDEN,
        /** Any 4xx: the request must be refused. */
        CLIENT_ERROR,
        /**
         * A 4xx that did not come from an endpoint: 401 or 403, or an error without one of the
         * services' own problem types (no handler, method not allowed). A request without a token
         * that an endpoint answered, even with a 404 for its room, got past the token check.
         */
        NOT_REACHED,
        /** 400 with problem type url-not-allowed: a forbidden address. */
        URL_NOT_ALLOWED,
        /** Any answer below 500: the request may be valid after all (e.g. a coerced type). */
        ANSWERED;

        public boolean accepts(int status, String problemType) {
            return switch (this) {
                case UNAUTHORIZED -> status == 401;
                case FORBIDDEN -> status == 403;
                case CLIENT_ERROR -> status >= 400 && status < 500;
                case NOT_REACHED -> status == 401 || status == 403 || (status >= 400 && status < 500
                        && (problemType == null || problemType.equals("about:blank")));
                case URL_NOT_ALLOWED -> status == 400 && BadRequests.URL_NOT_ALLOWED_TYPE.equals(problemType);
                case ANSWERED -> status >= 100 && status < 500;
            };
        }
    }

    @Override
    public String toString() {
        return "#" + index + " " + service + " " + method + " " + path + " [" + category + ", expect " + expect + "] " + description;
    }
}
