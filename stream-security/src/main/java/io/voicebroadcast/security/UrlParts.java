package io.voicebroadcast.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lenient split of {@code scheme://[userinfo@]host[:port][/path][?query][#fragment]}, the way
 * FFmpeg's {@code av_url_split} reads it: the authority ends at the first {@code /}, {@code ?}
 * or {@code #}, the user info at the last {@code @} of the authority. It never throws; a URL whose
 * authority is not a plain host and port is refused, so that callers mask it entirely.
 *
 * @param scheme   lower case
 * @param userInfo null when absent
 * @param host     a name, an IPv4 address or a bracketed IPv6 literal
 * @param port     null when absent
 * @param path     raw, possibly empty, starts with {@code /} when present
 * @param query    raw, without {@code ?}; null when absent
 * @param fragment raw, without {@code #}; null when absent
 */
public record UrlParts(String scheme, String userInfo, String host, Integer port, String path, String query, String fragment) {

    static final Pattern HIERARCHICAL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);
    static final Pattern OPAQUE = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", Pattern.DOTALL);
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._~%-]+");
    private static final Pattern HOST_IPV6 = Pattern.compile("\\[[0-9A-Za-z:.%]+]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** Splits a hierarchical URL; empty when it has no {@code scheme://} or an odd authority. */
    public static Optional<UrlParts> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Matcher m = HIERARCHICAL.matcher(raw.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        int authorityEnd = indexOfAny(rest, "/?#", 0);
        String authority = rest.substring(0, authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at) : null;
        String hostPort = authority.substring(at + 1);

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return Optional.empty();
                }
                portText = after.substring(1);
            }
            if (!HOST_IPV6.matcher(host).matches()) {
                return Optional.empty();
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            portText = colon >= 0 ? hostPort.substring(colon + 1) : null;
            if (!HOST_NAME.matcher(host).matches()) {
                return Optional.empty();
            }
        }
        Integer port = null;
        if (portText != null) {
            if (!PORT.matcher(portText).matches()) {
                return Optional.empty();
            }
            port = Integer.valueOf(portText);
        }

        String tail = rest.substring(authorityEnd);
        int hash = tail.indexOf('#');
        String fragment = hash >= 0 ? tail.substring(hash + 1) : null;
        String beforeHash = hash >= 0 ? tail.substring(0, hash) : tail;
        int question = beforeHash.indexOf('?');
        String query = question >= 0 ? beforeHash.substring(question + 1) : null;
        String path = question >= 0 ? beforeHash.substring(0, question) : beforeHash;
        return Optional.of(new UrlParts(scheme, userInfo, host, port, path, query, fragment));
    }

    /** The scheme of {@code scheme:...} or {@code scheme://...}, lower case, if the text starts with one. */
    public static Optional<String> schemeOf(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Matcher m = OPAQUE.matcher(raw.strip());
        return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** rtmp, rtmps, rtmpt, rtmpe, rtmpte, rtmpts and rtmfp: the path after the application is the key. */
    public boolean isRtmpFamily() {
        return isRtmpScheme(scheme);
    }

    public static boolean isRtmpScheme(String scheme) {
        return scheme.startsWith("rtmp") || scheme.equals("rtmfp");
    }

    public boolean isHttp() {
        return scheme.equals("http") || scheme.equals("https");
    }

    /** The first path segment, RTMP's application; empty when the path is. */
    public String application() {
        if (path.isEmpty()) {
            return "";
        }
        int slash = path.indexOf('/', 1);
        return slash < 0 ? path.substring(1) : path.substring(1, slash);
    }

    /** The path after the application, with its leading {@code /}; empty when there is none. */
    public String pathAfterApplication() {
        if (path.isEmpty()) {
            return "";
        }
        int slash = path.indexOf('/', 1);
        return slash < 0 ? "" : path.substring(slash);
    }

    /** The password part of the user info, if any. */
    public Optional<String> password() {
        if (userInfo == null) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
    }

    /** {@code scheme://host[:port]}, with no user info. */
    public String origin() {
        return scheme + "://" + host + (port == null ? "" : ":" + port);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
