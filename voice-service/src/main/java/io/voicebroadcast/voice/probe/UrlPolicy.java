package io.voicebroadcast.voice.probe;

import io.voicebroadcast.security.StreamKeyMasker;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which request URLs FFmpeg may open, by field. FFmpeg opens far more than we want to
 * offer ({@code concat:}, {@code subfile:}, {@code file:}, {@code tcp:}, {@code udp:}, HLS, ...),
 * so only a few schemes are let through, local files only from allowed directories (after
 * resolving {@code ..} and symbolic links), and the result carries the matching protocol
 * whitelist. Nothing here touches the network.
 */
public final class UrlPolicy {

    public static final int MAX_URL_LENGTH = 2048;
    /** The SRT options a destination URL may carry; {@code streamid} and {@code passphrase} are secrets. */
    static final List<String> SRT_OPTIONS = List.of("streamid", "passphrase", "pbkeylen", "latency", "mode");

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private final List<Path> allowedDirectories;

    public UrlPolicy(List<Path> allowedDirectories) {
        List<Path> dirs = new ArrayList<>();
        for (Path dir : allowedDirectories) {
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException("allowed directory must be absolute: " + dir);
            }
            dirs.add(dir.normalize());
        }
        this.allowedDirectories = List.copyOf(dirs);
    }

    public ValidatedUrl validateOutput(String url) {
        return validate(UrlRole.OUTPUT, url);
    }

    /** An output given in another field than {@code rtmpOutputUrl} (e.g. {@code destinations[1].url}). */
    public ValidatedUrl validateOutput(String field, String url) {
        return validate(UrlRole.OUTPUT, field, url);
    }

    public ValidatedUrl validateBackgroundVideo(String url) {
        return validate(UrlRole.BACKGROUND_VIDEO, url);
    }

    public ValidatedUrl validateFallbackStream(String url) {
        return validate(UrlRole.FALLBACK_STREAM, url);
    }

    public ValidatedUrl validateFallbackImage(String url) {
        return validate(UrlRole.FALLBACK_IMAGE, url);
    }

    /** Validates a URL for a field; throws {@link InvalidUrlException} with a masked message. */
    public ValidatedUrl validate(UrlRole role, String url) {
        return validate(role, role.field(), url);
    }

    private ValidatedUrl validate(UrlRole role, String field, String url) {
        if (url == null || url.isEmpty()) {
            throw refuse(field, role, "is required", "");
        }
        // a refused URL may be anything (a key in an https:// path): mask it as if it were RTMP
        String masked = StreamKeyMasker.maskStrictly(url);
        if (url.length() > MAX_URL_LENGTH) {
            throw refuse(field, role, "is longer than " + MAX_URL_LENGTH + " characters", "<" + url.length() + " characters>");
        }
        if (url.chars().anyMatch(Character::isISOControl)) {
            throw refuse(field, role, "contains control characters", masked);
        }
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.find()) {
            return validateNetworkUrl(role, field, url, scheme.group(1).toLowerCase(Locale.ROOT), masked);
        }
        if (url.startsWith("/") && !url.startsWith("//")) {
            if (!role.allows(UrlKind.FILE)) {
                throw refuse(field, role, "must be a URL, local files are not allowed here; use " + role.allowedDescription(), masked);
            }
            return validateFile(role, field, url, masked);
        }
        throw refuse(field, role, "is neither a URL nor an absolute path (relative paths are not allowed); use "
                + role.allowedDescription(), masked);
    }

    private ValidatedUrl validateNetworkUrl(UrlRole role, String field, String url, String scheme, String masked) {
        UrlKind kind = switch (scheme) {
            case "rtmp" -> UrlKind.RTMP;
            case "rtmps" -> UrlKind.RTMPS;
            case "http" -> UrlKind.HTTP;
            case "https" -> UrlKind.HTTPS;
            case "srt" -> UrlKind.SRT;
            default -> throw refuse(field, role, (StreamKeyMasker.KNOWN_SCHEMES.contains(scheme) ? "scheme '" + scheme + "'" : "this scheme")
                    + " is not allowed; use " + role.allowedDescription(), masked);
        };
        if (!role.allows(kind)) {
            throw refuse(field, role, scheme + ":// is not allowed here; use " + role.allowedDescription(), masked);
        }
        if (url.chars().anyMatch(Character::isWhitespace)) {
            throw refuse(field, role, "contains whitespace", masked);
        }
        String value = scheme + url.substring(scheme.length());
        URI uri;
        try {
            // parseServerAuthority: a host that is not a valid name or address is an error, not a "registry"
            uri = new URI(value).parseServerAuthority();
        } catch (URISyntaxException e) {
            // never e.getMessage(): it quotes the whole input
            throw refuse(field, role, "is not a valid URL (RFC 3986)", masked);
        }
        if (!value.startsWith(scheme + "://") || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refuse(field, role, "has no host", masked);
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw refuse(field, role, "has a port outside 1..65535", masked);
        }
        if (kind == UrlKind.SRT) {
            return validateSrt(role, field, value, uri, masked);
        }
        if (role == UrlRole.OUTPUT || kind.isLive()) {
            String path = Optional.ofNullable(uri.getRawPath()).orElse("");
            String app = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
            if (app.isEmpty()) {
                throw refuse(field, role, "has no RTMP application, expected " + scheme + "://host/app/key", masked);
            }
        }
        return new ValidatedUrl(value, kind, StreamKeyMasker.mask(value));
    }

    /**
     * SRT in caller mode, to {@code host:port}, with only the options a destination needs: a
     * {@code mode} other than caller would make FFmpeg listen, and options such as
     * {@code localport} or {@code rcvbuf} are the operator's, not a request's.
     */
    private ValidatedUrl validateSrt(UrlRole role, String field, String value, URI uri, String masked) {
        if (uri.getPort() == -1) {
            throw refuse(field, role, "needs a port, expected srt://host:port?streamid=...", masked);
        }
        String path = Optional.ofNullable(uri.getRawPath()).orElse("");
        if (!path.isEmpty() && !path.equals("/")) {
            throw refuse(field, role, "has a path; SRT takes srt://host:port?streamid=...&passphrase=...", masked);
        }
        if (uri.getRawUserInfo() != null) {
            throw refuse(field, role, "has user info; SRT takes srt://host:port?streamid=...&passphrase=...", masked);
        }
        if (uri.getRawFragment() != null) {
            throw refuse(field, role, "has a '#': percent-encode it (%23) in a streamid such as #!::r=...", masked);
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!SRT_OPTIONS.contains(name)) {
                    // never the option's name: the query is a secret, however it is spelled
                    throw refuse(field, role, "has an SRT option that is not allowed; allowed: " + String.join(", ", SRT_OPTIONS), masked);
                }
                if (name.equals("mode") && !pair.equals("mode=caller")) {
                    throw refuse(field, role, "must be in SRT caller mode (mode=caller, the default)", masked);
                }
            }
        }
        return new ValidatedUrl(value, UrlKind.SRT, StreamKeyMasker.mask(value));
    }

    private ValidatedUrl validateFile(UrlRole role, String field, String pathText, String masked) {
        Path normalized;
        try {
            normalized = Path.of(pathText).normalize();
        } catch (InvalidPathException e) {
            throw refuse(field, role, "is not a valid path", masked);
        }
        // lexical check first: say nothing about whether files outside the allowed directories exist
        if (allowedDirectories.stream().noneMatch(dir -> normalized.startsWith(dir) || normalized.startsWith(realOrSelf(dir)))) {
            throw refuse(field, role, "is outside the allowed directories", masked);
        }
        Path real;
        try {
            real = normalized.toRealPath();
        } catch (NoSuchFileException e) {
            throw refuse(field, role, "does not exist", masked);
        } catch (IOException e) {
            throw refuse(field, role, "cannot be read", masked);
        }
        if (allowedDirectories.stream().map(UrlPolicy::realOrSelf).noneMatch(real::startsWith)) {
            throw refuse(field, role, "leads outside the allowed directories (symbolic link)", masked);
        }
        if (!Files.isRegularFile(real)) {
            throw refuse(field, role, "is not a regular file", masked);
        }
        if (!Files.isReadable(real)) {
            throw refuse(field, role, "is not readable", masked);
        }
        // the real path, so a symlink swapped later cannot redirect FFmpeg; "file:" names the one protocol it needs
        return new ValidatedUrl("file:" + real, UrlKind.FILE, real.toString());
    }

    private static Path realOrSelf(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    private static InvalidUrlException refuse(String field, UrlRole role, String reason, String masked) {
        return new InvalidUrlException(field, reason, masked);
    }
}
