package io.voicebroadcast.voice.egress;

import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.Opener;
import io.voicebroadcast.voice.pipeline.Opening;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses the service and its FFmpeg children may connect to for a URL (inputs, images,
 * outputs; never RTPEngine, which the operator configures). Checked when a request is validated
 * and again right before every process start or reconnect ({@link #open}), because a name can
 * resolve to something else by then.
 * <ol>
 *   <li>Always refused, whatever the settings: link-local ({@code 169.254.0.0/16},
 *       {@code fe80::/10}), the cloud metadata addresses ({@code 169.254.169.254},
 *       {@code fd00:ec2::254}, {@code 100.100.100.200}), unspecified ({@code 0.0.0.0/8},
 *       {@code ::}), multicast ({@code 224.0.0.0/4}, {@code ff00::/8}), broadcast and reserved
 *       ({@code 240.0.0.0/4}); also when embedded in an IPv6 address (IPv4-compatible, NAT64
 *       {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}).</li>
 *   <li>Refused: an address in {@code VOICE_URL_DENIED_NETWORKS}.</li>
 *   <li>Refused: an address outside {@code VOICE_URL_ALLOWED_NETWORKS}, when that is set.</li>
 *   <li>Refused: a host not in {@code VOICE_URL_ALLOWED_HOSTS}, when that is set ({@code name},
 *       {@code *.suffix} or an address literal).</li>
 * </ol>
 * Loopback and private ranges are allowed by default: cameras live on private networks. A name
 * is refused when any of its addresses is, since FFmpeg may connect to any of them.
 */
public final class EgressPolicy implements Opener {

    /** Resolves a name to all its addresses (the system resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    private record Rule(Cidr network, String what) {
    }

    private static final List<Rule> ALWAYS_REFUSED = List.of(
            rule("169.254.169.254/32", "a cloud metadata address"),
            rule("100.100.100.200/32", "a cloud metadata address"),
            rule("fd00:ec2::254/128", "a cloud metadata address"),
            rule("0.0.0.0/8", "an unspecified address"),
            rule("::/128", "an unspecified address"),
            rule("169.254.0.0/16", "a link-local address"),
            rule("fe80::/10", "a link-local address"),
            rule("224.0.0.0/4", "a multicast address"),
            rule("ff00::/8", "a multicast address"),
            rule("255.255.255.255/32", "the broadcast address"),
            rule("240.0.0.0/4", "a reserved address"));
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");

    private final List<Cidr> allowedNetworks;
    private final List<Cidr> deniedNetworks;
    private final List<String> allowedHosts;
    private final Resolver resolver;

    public EgressPolicy(List<Cidr> allowedNetworks, List<Cidr> deniedNetworks, List<String> allowedHosts, Resolver resolver) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.deniedNetworks = List.copyOf(deniedNetworks);
        this.allowedHosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> withoutTrailingDot(h.toLowerCase(Locale.ROOT))).toList();
        this.resolver = resolver;
    }

    /** The defaults: only the always-refused addresses, the system resolver. */
    public static EgressPolicy defaults() {
        return new EgressPolicy(List.of(), List.of(), List.of(), SYSTEM_RESOLVER);
    }

    /**
     * Every address of {@code host} (a URL's host: a name, an IPv4 literal in any spelling or a
     * bracketed IPv6 literal), each allowed, in the resolver's order.
     *
     * @throws EgressException.NotAllowed when the host or one of its addresses is refused
     * @throws EgressException.Unresolved when the name does not resolve
     */
    public List<InetAddress> check(String host) {
        if (host == null || host.isEmpty()) {
            throw new EgressException.NotAllowed("the URL has no host");
        }
        Optional<InetAddress> literal;
        try {
            literal = IpLiteral.parse(host);
        } catch (IllegalArgumentException e) {
            throw new EgressException.NotAllowed("host " + host + " " + e.getMessage());
        }
        checkHostAllowed(host, literal);
        List<InetAddress> addresses;
        if (literal.isPresent()) {
            addresses = List.of(literal.get());
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                throw new EgressException.Unresolved("host " + host + " cannot be resolved");
            }
            if (addresses.isEmpty()) {
                throw new EgressException.Unresolved("host " + host + " cannot be resolved");
            }
        }
        for (InetAddress address : addresses) {
            refusal(address).ifPresent(why -> {
                throw new EgressException.NotAllowed(describe(host, address) + " " + why);
            });
        }
        return addresses;
    }

    /**
     * {@link #check} for a validated location's host; nothing for a local file.
     *
     * @return the host's allowed addresses, or an empty list for a file
     */
    public List<InetAddress> checkLocation(String location) {
        FfmpegUrl url = FfmpegUrl.split(location);
        return url == null ? List.of() : check(url.host());
    }

    /**
     * Checks a URL's host when it is an address literal in any spelling, before the URL's format
     * is judged: a strict URL parser refuses {@code rtmp://169.254.43518/...} as malformed, but
     * FFmpeg reads it as an address, and the answer should say which. Names are left for
     * {@link #check}; nothing is looked up here.
     *
     * @throws EgressException.NotAllowed when the host is a refused address or looks like an address but is none
     */
    public void checkLiteralHost(String url) {
        FfmpegUrl split;
        try {
            split = url == null ? null : FfmpegUrl.split(url.strip());
        } catch (EgressException.NotAllowed unreadable) {
            return; // not a URL the format check will let through either
        }
        if (split == null || split.host().isEmpty()) {
            return;
        }
        String host = split.host();
        boolean literal;
        try {
            literal = IpLiteral.parse(host).isPresent();
        } catch (IllegalArgumentException e) {
            throw new EgressException.NotAllowed("host " + host + " " + e.getMessage());
        }
        if (literal) {
            check(host);
        }
    }

    /** Why an address is refused, or empty when it is allowed. */
    Optional<String> refusal(InetAddress address) {
        for (InetAddress a : withEmbedded(address)) {
            for (Rule r : ALWAYS_REFUSED) {
                if (r.network().contains(a)) {
                    return Optional.of("is " + r.what() + (a == address ? "" : " (" + a.getHostAddress() + " inside)")
                            + ", always refused");
                }
            }
            for (Cidr denied : deniedNetworks) {
                if (denied.contains(a)) {
                    return Optional.of("is in " + denied + " (VOICE_URL_DENIED_NETWORKS)");
                }
            }
        }
        if (!allowedNetworks.isEmpty() && allowedNetworks.stream().noneMatch(n -> n.contains(address))) {
            return Optional.of("is outside VOICE_URL_ALLOWED_NETWORKS");
        }
        return Optional.empty();
    }

    /**
     * Checks the location's host now and says how to open it: plain RTMP and HTTP connect to the
     * checked address itself (the name kept in RTMP's tcUrl and HTTP's Host header), so FFmpeg
     * does not resolve the name a second time, and so does SRT (its {@code streamid} carries what a
     * name would); RTMPS and HTTPS keep the name, which TLS needs for
     * SNI and certificate checks, and FFmpeg resolves it again. HTTP(S) redirects are not
     * followed: the policy never saw where they lead.
     */
    @Override
    public Opening open(String location) {
        FfmpegUrl url = FfmpegUrl.split(location);
        if (url == null) {
            return LOCAL_FILE.open(location);
        }
        List<InetAddress> addresses = check(url.host());
        InetAddress address = addresses.get(0);
        return switch (url.scheme()) {
            case "rtmp" -> new Opening(List.of("-rtmp_tcurl", url.rtmpTcUrl()), url.withHost(literal(address)));
            case "http" -> new Opening(List.of("-headers", "Host: " + url.authorityWithoutUserInfo() + "\r\n",
                    "-max_redirects", "0"), url.withHost(literal(address)));
            case "https" -> new Opening(List.of("-max_redirects", "0"), location);
            case "srt" -> new Opening(List.of(), url.withHost(literal(address)));
            default -> new Opening(List.of(), location);
        };
    }

    private void checkHostAllowed(String host, Optional<InetAddress> literal) {
        if (allowedHosts.isEmpty()) {
            return;
        }
        String h = withoutTrailingDot(host.toLowerCase(Locale.ROOT));
        for (String entry : allowedHosts) {
            if (literal.isPresent()) {
                if (sameAddress(entry, literal.get())) {
                    return;
                }
            } else if (entry.startsWith("*.") ? h.endsWith(entry.substring(1)) : h.equals(entry)) {
                return;
            }
        }
        throw new EgressException.NotAllowed("host " + host + " is not in VOICE_URL_ALLOWED_HOSTS");
    }

    private static boolean sameAddress(String entry, InetAddress address) {
        try {
            return IpLiteral.parse(entry.startsWith("[") || !entry.contains(":") ? entry : "[" + entry + "]")
                    .map(address::equals).orElse(false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The address and any IPv4 address carried inside an IPv6 one. */
    private static List<InetAddress> withEmbedded(InetAddress address) {
        List<InetAddress> all = new ArrayList<>(List.of(address));
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            // ::1 and :: are no IPv4-compatible addresses: those start at ::1.0.0.0
            boolean compatible = IPV4_COMPATIBLE.contains(address) && b[12] != 0;
            int from = NAT64.contains(address) || compatible ? 12 : SIX_TO_FOUR.contains(address) ? 2 : -1;
            if (from >= 0) {
                try {
                    all.add(Inet4Address.getByAddress(new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]}));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }

    private static String describe(String host, InetAddress address) {
        String a = address.getHostAddress();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase(a)) {
            return a;
        }
        return IpLiteral.parseQuietly(host) ? host + " is " + a + ", which" : "host " + host + " resolves to " + a + ", which";
    }

    private static String literal(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    private static String withoutTrailingDot(String h) {
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    private static Rule rule(String cidr, String what) {
        return new Rule(Cidr.parse(cidr), what);
    }
}
