package io.voicebroadcast.voice.egress;

import io.voicebroadcast.security.UrlParts;
import io.voicebroadcast.voice.pipeline.EgressException;

/**
 * A network URL split the way FFmpeg's {@code av_url_split} splits it ({@link UrlParts}: the
 * authority ends at the first {@code /}, {@code ?} or {@code #}; user info ends at the
 * authority's last {@code @}), so that replacing the host changes nothing else FFmpeg reads.
 *
 * @param rest everything after the authority, as given (path, query, fragment)
 */
record FfmpegUrl(String scheme, String userInfo, String host, String port, String rest) {

    private static final int RTMP_DEFAULT_PORT = 1935;

    /**
     * Null for a local file ({@code /path} or {@code file:/path}).
     *
     * @throws EgressException.NotAllowed for a network URL whose authority cannot be read
     */
    static FfmpegUrl split(String location) {
        if (!location.contains("://")) {
            return null;
        }
        UrlParts u = UrlParts.parse(location)
                .orElseThrow(() -> new EgressException.NotAllowed("the URL's host cannot be read"));
        String rest = u.path() + (u.query() == null ? "" : "?" + u.query()) + (u.fragment() == null ? "" : "#" + u.fragment());
        return new FfmpegUrl(u.scheme(), u.userInfo(), u.host(), u.port() == null ? null : u.port().toString(), rest);
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
