package io.voicebroadcast.security;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the secret parts of URLs, alone or inside free text, before they reach a log, an API
 * response, an event or an exception message. Pure, static, never throws, and errs on the side of
 * masking too much: anything it cannot read is masked entirely.
 * <ul>
 *   <li>RTMP family: scheme, host, port and application kept, the rest (the stream key, the
 *       query) becomes {@code ****}. A path of one segment is masked whole
 *       ({@code rtmp://host/****}): a key pasted where the application belongs, or YouTube's
 *       {@code live2?backup=1/KEY}, must not survive as the "application".</li>
 *   <li>HTTP(S): path kept, user info and query masked.</li>
 *   <li>Other {@code scheme://} URLs: only the origin kept.</li>
 *   <li>An absolute file path is kept; anything else becomes {@link #UNPARSEABLE}.</li>
 * </ul>
 */
public final class StreamKeyMasker {

    public static final String MASK = "****";
    public static final String UNPARSEABLE = "<unparseable url>";

    /** URL schemes and FFmpeg protocol names: safe to echo; any other "scheme" could be part of a key. */
    public static final Set<String> KNOWN_SCHEMES = Set.of("rtmp", "rtmps", "rtmpt", "rtmpe", "rtmpte", "rtmpts",
            "rtmfp", "http", "https", "async", "bluray", "cache", "concat", "concatf", "crypto", "data", "ffrtmphttp",
            "file", "ftp", "gopher", "gophers", "hls", "httpproxy", "mmsh", "mmst", "pipe", "rtp", "sctp", "srtp",
            "subfile", "tcp", "tls", "udp", "udplite", "unix", "amqp", "rist", "srt", "sftp", "zmq", "ipfs", "ipns",
            "icecast", "md5", "prompeg", "tee", "rtsp", "rtsps", "mms", "hls+http", "hls+https", "ws", "wss",
            "javascript", "smb", "nfs");

    /** A scheme followed by {@code ://} and everything up to whitespace, a quote or an angle bracket. */
    private static final Pattern URL_IN_TEXT =
            Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://[^\\s'\"<>`]*");
    /** FFmpeg's opaque protocols that can carry other URLs or inline data; never used by us. */
    private static final Pattern OPAQUE_PROTOCOL_IN_TEXT =
            Pattern.compile("(?i)(?<![A-Za-z0-9+.-])(?:concatf?|subfile|crypto|data):[^\\s'\"<>`]+");
    private static final String TRAILING_PUNCTUATION = ".,;:!)";

    private StreamKeyMasker() {
    }

    public static String mask(String url) {
        return mask(url, false);
    }

    /**
     * Like {@link #mask(String)}, but treats every hierarchical URL like RTMP: only the first path
     * segment is kept. For text that is known to be in the wrong place, e.g. a stream key URL
     * given with an {@code https://} scheme in the output field.
     */
    public static String maskStrictly(String url) {
        return mask(url, true);
    }

    private static String mask(String url, boolean strict) {
        if (url == null) {
            return "null";
        }
        String s = url.strip();
        if (s.isEmpty()) {
            return "";
        }
        Optional<String> scheme = UrlParts.schemeOf(s);
        if (strict && scheme.isPresent() && !KNOWN_SCHEMES.contains(scheme.get())) {
            return UNPARSEABLE;
        }
        Optional<UrlParts> parsed = UrlParts.parse(s);
        if (parsed.isPresent()) {
            return mask(parsed.get(), strict);
        }
        if (UrlParts.HIERARCHICAL.matcher(s).matches()) {
            return scheme.orElseThrow() + "://" + MASK;
        }
        if (s.startsWith("/") && !s.startsWith("//")) {
            return s;
        }
        if (scheme.isPresent()) {
            return scheme.get() + ":" + MASK;
        }
        return UNPARSEABLE;
    }

    private static String mask(UrlParts url, boolean strict) {
        StringBuilder out = new StringBuilder(url.scheme()).append("://");
        if (url.userInfo() != null) {
            out.append(MASK).append('@');
        }
        out.append(url.host());
        if (url.port() != null) {
            out.append(':').append(url.port());
        }
        if (url.isRtmpFamily() || strict) {
            if (!url.path().isEmpty() && !url.path().equals("/") && url.pathAfterApplication().isEmpty()) {
                return out.append('/').append(MASK).toString();
            }
            if (!url.path().isEmpty()) {
                String app = url.application();
                // an '@' this late means the URL was not what it seems: a password cut at a '/'
                out.append('/').append(app.contains("@") ? MASK : app);
                String rest = url.pathAfterApplication();
                if (rest.equals("/")) {
                    out.append('/');
                } else if (!rest.isEmpty()) {
                    out.append('/').append(MASK);
                }
            }
        } else if (url.isHttp()) {
            out.append(url.path().contains("@") ? "/" + MASK : url.path());
        } else if (!url.path().isEmpty() && !url.path().equals("/")) {
            out.append('/').append(MASK);
        }
        if (url.query() != null) {
            out.append('?').append(MASK);
        }
        if (url.fragment() != null) {
            out.append('#').append(MASK);
        }
        return out.toString();
    }

    /**
     * Masks every {@code scheme://...} in free text (FFmpeg stderr, argv joined, exception messages),
     * keeping trailing punctuation such as the colon of {@code rtmp://h/app/KEY: Input/output error}.
     */
    public static String maskText(String text) {
        if (text == null) {
            return "null";
        }
        String withoutOpaque = OPAQUE_PROTOCOL_IN_TEXT.matcher(text)
                .replaceAll(r -> Matcher.quoteReplacement(mask(r.group())));
        Matcher m = URL_IN_TEXT.matcher(withoutOpaque);
        StringBuilder out = new StringBuilder(withoutOpaque.length());
        int last = 0;
        while (m.find()) {
            String found = m.group();
            int end = found.length();
            while (end > 0 && TRAILING_PUNCTUATION.indexOf(found.charAt(end - 1)) >= 0) {
                end--;
            }
            out.append(withoutOpaque, last, m.start())
                    .append(mask(found.substring(0, end)))
                    .append(found, end, found.length());
            last = m.end();
        }
        return out.append(withoutOpaque, last, withoutOpaque.length()).toString();
    }
}
