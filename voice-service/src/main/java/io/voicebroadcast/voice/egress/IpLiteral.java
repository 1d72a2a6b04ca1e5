package io.voicebroadcast.voice.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a URL's host the way FFmpeg's resolver (glibc's {@code getaddrinfo}) does, so that no
 * spelling of an address slips past the policy as a "name": IPv4 in every form {@code inet_aton}
 * takes (one to four parts, each decimal, octal with a leading 0 or hexadecimal with 0x:
 * {@code 2852039166}, {@code 0xa9fea9fe}, {@code 0251.0376.0251.0376}, {@code 169.254.43518}),
 * bracketed IPv6 (zone ids dropped, IPv4-mapped forms read as IPv4) and a trailing dot. A host
 * that looks numeric but is no valid address ({@code 1.2.3.4.5}, {@code 0x}, {@code 09}) is
 * refused rather than handed to a resolver that may read it some other way.
 */
final class IpLiteral {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-fA-F:.]+");

    private IpLiteral() {
    }

    /**
     * The address the host denotes as a literal, or empty when it is a name to resolve.
     *
     * @throws IllegalArgumentException when the host looks like an address but is none
     */
    static Optional<InetAddress> parse(String host) {
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new IllegalArgumentException("is not a valid IPv6 address");
            }
            return Optional.of(ipv6(host.substring(1, host.length() - 1)));
        }
        if (host.contains(":")) {
            throw new IllegalArgumentException("is not a valid address (an IPv6 address needs brackets)");
        }
        String h = host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
        String[] labels = h.split("\\.", -1);
        if (!NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty(); // a name: no top-level domain is numeric
        }
        byte[] v4 = inetAton(labels);
        if (v4 == null) {
            throw new IllegalArgumentException("looks like an IPv4 address but is not a valid one");
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** Whether the host is an address literal (in any spelling), not a name. */
    static boolean parseQuietly(String host) {
        try {
            return parse(host).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** inet_aton: the last part fills the bytes the earlier ones leave; null when not an address. */
    private static byte[] inetAton(String[] labels) {
        if (labels.length > 4) {
            return null;
        }
        long[] parts = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            parts[i] = number(labels[i]);
            if (parts[i] < 0) {
                return null;
            }
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i] > 0xFF) {
                return null;
            }
            value |= parts[i] << (8 * (3 - i));
        }
        long last = parts[parts.length - 1];
        int lastBytes = 4 - (parts.length - 1);
        if (last >= 1L << (8 * lastBytes)) {
            return null;
        }
        value |= last;
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** One part: decimal, octal (leading 0) or hexadecimal (0x); -1 when malformed or too large. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 12) {
            return -1;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("0x")) {
                return lower.length() == 2 ? -1 : Long.parseLong(lower.substring(2), 16);
            }
            if (lower.length() > 1 && lower.startsWith("0")) {
                return Long.parseLong(lower.substring(1), 8);
            }
            return Long.parseLong(lower);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static InetAddress ipv6(String text) {
        int zone = text.indexOf('%');
        String address = zone >= 0 ? text.substring(0, zone) : text;
        // only hex digits, colons and dots: InetAddress then parses a literal and never looks up a name
        if (!address.contains(":") || !IPV6_TEXT.matcher(address).matches()) {
            throw new IllegalArgumentException("is not a valid IPv6 address");
        }
        try {
            return InetAddress.getByName(address); // an IPv4-mapped address comes back as Inet4Address
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("is not a valid IPv6 address");
        }
    }
}
