package io.voicebroadcast.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Removes a stream's own secrets from text. URL masking alone is not enough: FFmpeg and servers
 * also print the play path on its own ({@code Failed to publish KEY}), so this redactor knows the
 * secret parts of the stream's URLs (the path after the RTMP application, the query, each query
 * value, user info and password, raw and percent-decoded) and replaces every literal occurrence.
 * Secrets shorter than {@link #MIN_SECRET_LENGTH} are ignored so that text stays readable.
 */
public final class SecretRedactor {

    public static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    public SecretRedactor(Collection<String> urls) {
        Set<String> found = new LinkedHashSet<>();
        urls.stream().filter(Objects::nonNull).forEach(url -> collectSecrets(url, found));
        Set<String> withDecoded = new LinkedHashSet<>();
        for (String secret : found) {
            withDecoded.add(secret);
            withDecoded.add(percentDecode(secret));
        }
        this.secrets = withDecoded.stream()
                .filter(s -> s.length() >= MIN_SECRET_LENGTH)
                .filter(s -> !s.equals(StreamKeyMasker.MASK))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public static SecretRedactor of(String... urls) {
        return new SecretRedactor(Arrays.asList(urls));
    }

    /**
     * Masks URLs in the text, then every literal secret left. Never throws. The literals are also
     * removed once before masking: a key with a space in it would otherwise be cut in two by the
     * URL masking and its second half would no longer match.
     */
    public String redact(String text) {
        return replaceSecrets(StreamKeyMasker.maskText(replaceSecrets(text)));
    }

    private String replaceSecrets(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, StreamKeyMasker.MASK);
        }
        return out;
    }

    /** The literals this redactor removes, longest first. */
    List<String> secrets() {
        return secrets;
    }

    private static void collectSecrets(String url, Set<String> out) {
        String s = url.strip();
        Optional<UrlParts> parsed = UrlParts.parse(s);
        if (parsed.isEmpty()) {
            if (s.startsWith("/") && !s.startsWith("//")) {
                return; // a local file path is no secret
            }
            // unreadable: the whole text, and what follows its scheme, are secrets
            out.add(s);
            UrlParts.schemeOf(s).ifPresent(scheme -> addWithSegments(s.substring(s.indexOf(':') + 1), out));
            return;
        }
        UrlParts u = parsed.get();
        if (u.userInfo() != null) {
            out.add(u.userInfo());
            u.password().ifPresent(out::add);
        }
        if (u.isRtmpFamily()) {
            String afterApp = u.pathAfterApplication();
            if (!afterApp.isEmpty()) {
                addWithSegments(afterApp.substring(1), out);
            }
            String tail = afterApp + (u.query() == null ? "" : "?" + u.query()) + (u.fragment() == null ? "" : "#" + u.fragment());
            if (!tail.isEmpty()) {
                out.add(tail.substring(1)); // without its '/' or '?', which stays readable
            }
            if (u.application().contains("@") || afterApp.isEmpty()) {
                out.add(u.application()); // a lone segment may be the key itself
            }
        } else if (!u.isHttp() && !u.path().isEmpty()) {
            addWithSegments(u.path().substring(1), out);
        }
        if (u.query() != null) {
            addWithSegments(u.query(), out);
            for (String pair : u.query().split("&")) {
                int eq = pair.indexOf('=');
                addWithSegments(eq >= 0 ? pair.substring(eq + 1) : pair, out);
            }
        }
        if (u.fragment() != null) {
            out.add(u.fragment());
        }
    }

    /** The text and each of its {@code /}-separated parts (a key may hold slashes and FFmpeg prints parts). */
    private static void addWithSegments(String text, Set<String> out) {
        out.add(text);
        for (String part : text.split("/")) {
            out.add(part);
        }
    }

    /** Percent-decodes as UTF-8, leaving malformed escapes as they are; {@code +} stays a plus. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
