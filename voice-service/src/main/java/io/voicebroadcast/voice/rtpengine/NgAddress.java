package io.voicebroadcast.voice.rtpengine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where RTPEngine listens for ng commands, parsed from {@code udp://HOST:PORT} (its
 * {@code --listen-ng}) or {@code tcp://HOST:PORT} (its {@code --listen-tcp-ng}).
 */
public record NgAddress(Transport transport, String host, int port) {

    public enum Transport { UDP, TCP }

    public NgAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("ng address needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("ng port must be 1..65535, got " + port);
        }
    }

    /** @throws IllegalArgumentException with the accepted form when {@code url} is not one */
    public static NgAddress parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid(url, e.getReason());
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
            throw invalid(url, "scheme, host and port are required");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(url, "nothing may follow the port");
        }
        Transport transport = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "udp" -> Transport.UDP;
            case "tcp" -> Transport.TCP;
            default -> throw invalid(url, "scheme must be udp or tcp");
        };
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new NgAddress(transport, host, uri.getPort());
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("ng address '" + url + "' is not udp://HOST:PORT or tcp://HOST:PORT: " + reason);
    }

    /** Resolves the host now (the client resolves per request, so a changed DNS name is followed). */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return transport.name().toLowerCase(Locale.ROOT) + "://" + h + ":" + port;
    }
}
