package io.voicebroadcast.voice.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address is a /32 or
 * /128. IPv4 addresses match IPv4 networks only: IPv4-mapped IPv6 addresses arrive as IPv4.
 */
public record Cidr(InetAddress network, int prefixLength, String text) {

    private static final Pattern V4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** @throws IllegalArgumentException with a message saying what is wrong */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (!V4.matcher(address).matches() && !V6.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a network in CIDR notation (e.g. 10.0.0.0/8 or fd00::/8)");
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + t + "' is not a network in CIDR notation (e.g. 10.0.0.0/8 or fd00::/8)");
        }
        int max = network.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' has no valid prefix length");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + t + "' has a prefix length outside 0.." + max);
        }
        return new Cidr(network, prefix, t);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return text;
    }
}
