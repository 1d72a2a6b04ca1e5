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
        if (url == null || url.isEmpty()) {
            throw refuse(role, "is required", "");
        }
        // a refused URL may be anything (a key in an https:// path): mask it as if it were RTMP
        String masked = StreamKeyMasker.maskStrictly(url);
        if (url.length() > MAX_URL_LENGTH) {
            throw refuse(role, "is longer than " + MAX_URL_LENGTH + " characters", "<" + url.length() + " characters>");
        }
        if (url.chars().anyMatch(Character::isISOControl)) {
            throw refuse(role, "contains control characters", masked);
        }
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.find()) {
            return validateNetworkUrl(role, url, scheme.group(1).toLowerCase(Locale.ROOT), masked);
        }
        if (url.startsWith("/") && !url.startsWith("//")) {
            if (!role.allows(UrlKind.FILE)) {
                throw refuse(role, "must be a URL, local files are not allowed here; use " + role.allowedDescription(), masked);
            }
            return validateFile(role, url, masked);
        }
        throw refuse(role, "is neither a URL nor an absolute path (relative paths are not allowed); use "
                + role.allowedDescription(), masked);
    }

    private ValidatedUrl validateNetworkUrl(UrlRole role, String url, String scheme, String masked) {
        UrlKind kind = switch (scheme) {
            case "rtmp" -> UrlKind.RTMP;
            case "rtmps" -> UrlKind.RTMPS;
            case "http" -> UrlKind.HTTP;
            case "https" -> UrlKind.HTTPS;
            default -> throw refuse(role, (StreamKeyMasker.KNOWN_SCHEMES.contains(scheme) ? "scheme '" + scheme + "'" : "this scheme")
                    + " is not allowed; use " + role.allowedDescription(), masked);
        };
        if (!role.allows(kind)) {
            throw refuse(role, scheme + ":// is not allowed here; use " + role.allowedDescription(), masked);
        }
        if (url.chars().anyMatch(Character::isWhitespace)) {
            throw refuse(role, "contains whitespace", masked);
        }
        String value = scheme + url.substring(scheme.length());
        URI uri;
        try {
            // parseServerAuthority: a host that is not a valid name or address is an error, not a "registry"
            uri = new URI(value).parseServerAuthority();
        } catch (URISyntaxException e) {
            // never e.getMessage(): it quotes the whole input
            throw refuse(role, "is not a valid URL (RFC 3986)", masked);
        }
        if (!value.startsWith(scheme + "://") || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refuse(role, "has no host", masked);
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw refuse(role, "has a port outside 1..65535", masked);
        }
        if (role == UrlRole.OUTPUT || kind.isLive()) {
            String path = Optional.ofNullable(uri.getRawPath()).orElse("");
            String app = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
            if (app.isEmpty()) {
                throw refuse(role, "has no RTMP application, expected " + scheme + "://host/app/key", masked);
            }
        }
        return new ValidatedUrl(value, kind, StreamKeyMasker.mask(value));
    }

    private ValidatedUrl validateFile(UrlRole role, String pathText, String masked) {
        Path normalized;
        try {
            normalized = Path.of(pathText).normalize();
        } catch (InvalidPathException e) {
            throw refuse(role, "is not a valid path", masked);
        }
        // lexical check first: say nothing about whether files outside the allowed directories exist
        if (allowedDirectories.stream().noneMatch(dir -> normalized.startsWith(dir) || normalized.startsWith(realOrSelf(dir)))) {
            throw refuse(role, "is outside the allowed directories", masked);
        }
        Path real;
        try {
            real = normalized.toRealPath();
        } catch (NoSuchFileException e) {
            throw refuse(role, "does not exist", masked);
        } catch (IOException e) {
            throw refuse(role, "cannot be read", masked);
        }
        if (allowedDirectories.stream().map(UrlPolicy::realOrSelf).noneMatch(real::startsWith)) {
            throw refuse(role, "leads outside the allowed directories (symbolic link)", masked);
        }
        if (!Files.isRegularFile(real)) {
            throw refuse(role, "is not a regular file", masked);
        }
        if (!Files.isReadable(real)) {
            throw refuse(role, "is not readable", masked);
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

    private static InvalidUrlException refuse(UrlRole role, String reason, String masked) {
        return new InvalidUrlException(role.field(), reason, masked);
    }
}
