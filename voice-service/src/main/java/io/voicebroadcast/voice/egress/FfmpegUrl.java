package io.voicebroadcast.voice.egress;

import java.util.Locale;

/**
 * A network URL split the way FFmpeg's {@code av_url_split} splits it (the authority ends at the
 * first {@code /}, {@code ?} or {@code #}; user info ends at the authority's last {@code @}), so
 * that replacing the host changes nothing else FFmpeg reads from it.
 *
 * @param rest everything after the authority, as given (path, query, fragment)
 */
record FfmpegUrl(String scheme, String userInfo, String host, String port, String rest) {

    private static final int RTMP_DEFAULT_PORT = 1935;

    /** Null for a local file ({@code /path} or {@code file:/path}). */
    static FfmpegUrl split(String location) {
        int sep = location.indexOf("://");
        if (sep < 0) {
            return null;
        }
        String scheme = location.substring(0, sep).toLowerCase(Locale.ROOT);
        String afterScheme = location.substring(sep + 3);
        int end = afterScheme.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = afterScheme.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = afterScheme.substring(0, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at) : null;
        String hostPort = authority.substring(at + 1);
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
            String after = close < 0 ? "" : hostPort.substring(close + 1);
            port = after.startsWith(":") ? after.substring(1) : null;
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : null;
        }
        return new FfmpegUrl(scheme, userInfo, host, port, afterScheme.substring(end));
    }

    /** The same URL with another host (an address literal), every other character as it was. */
    String withHost(String newHost) {
        return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + newHost + (port == null ? "" : ":" + port) + rest;
    }

    /** {@code host[:port]}, as an HTTP Host header gives it. */
    String authorityWithoutUserInfo() {
        return host + (port == null ? "" : ":" + port);
    }

    /**
     * The tcUrl FFmpeg's RTMP client would send for this URL by itself ({@code rtmp://host:port/app},
     * the port always given), with the application found as {@code rtmpproto.c} finds it: the
     * first path segment, or the first two when a third follows ({@code app/instance/key}).
     */
    String rtmpTcUrl() {
        String path = rest;
        String app;
        String next = path.isEmpty() ? path : path.substring(1);
        int slash = next.indexOf('/');
        if (slash < 0) {
            app = next;
        } else {
            int secondSlash = next.indexOf('/', slash + 1);
            int colon = next.indexOf(':', slash + 1);
            app = secondSlash < 0 || (colon >= 0 && colon < secondSlash) ? next.substring(0, slash) : next.substring(0, secondSlash);
        }
        int p = port == null ? RTMP_DEFAULT_PORT : Integer.parseInt(port);
        return scheme + "://" + host + ":" + p + "/" + app;
    }
}
