package io.voicebroadcast.voice.rtpengine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * How ng messages travel: a request is {@code COOKIE BODY}, and the reply that repeats the cookie
 * is the answer. What the bodies mean is {@link NgClient}'s business.
 *
 * <ul>
 *   <li>Every request gets a fresh random cookie; only the reply carrying it counts. Replies with
 *       another cookie (a late reply to an earlier request) are ignored.</li>
 *   <li>No reply within the timeout: the same bytes, same cookie, are sent again, up to
 *       {@code retries} times. RTPEngine keeps the reply per cookie and sends it again without
 *       running the command twice, so a retried {@code publish} does not allocate new ports. After
 *       the last attempt: {@link NgTimeoutException}.</li>
 *   <li>A reply larger than the receive buffer, or (over TCP) bytes that are no bencode, become
 *       {@link NgProtocolException} at once, never a hang; an address that cannot be reached
 *       becomes {@link NgTransportException}.</li>
 * </ul>
 *
 * <p>Each request uses its own socket (UDP) or connection (TCP), so the transport is thread-safe
 * and a reply can never reach the wrong caller. Commands are rare (joins, leaves, stream starts),
 * so the extra socket per request costs nothing that matters. Over TCP, RTPEngine (10.5) frames
 * messages by parsing the bencode and drops a connection holding more than 1 KB of an unfinished
 * message; on loopback a request arrives whole, across a network prefer UDP.
 */
final class NgTransport {

    private static final Logger log = LoggerFactory.getLogger(NgTransport.class);

    private final NgAddress address;
    private final Duration timeout;
    private final int retries;
    private final int maxReplyBytes;
    private final Supplier<String> cookies;

    /**
     * @param timeout       how long one attempt waits for the reply
     * @param retries       attempts after the first one, each with the same cookie
     * @param maxReplyBytes the receive buffer: a larger reply is an error
     * @param cookies       a new cookie per request; must not contain a space
     */
    NgTransport(NgAddress address, Duration timeout, int retries, int maxReplyBytes, Supplier<String> cookies) {
        this.address = Objects.requireNonNull(address, "address");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retries = retries;
        this.maxReplyBytes = maxReplyBytes;
        this.cookies = Objects.requireNonNull(cookies, "cookies");
    }

    /** A random 16-hex-digit cookie, new for every request. */
    static String randomCookie() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Sends one request and waits for its reply, retrying as the class describes.
     *
     * @param command names the request in exceptions and logs
     * @param body    the bencoded request
     * @return the reply's body, its cookie stripped
     */
    byte[] exchange(String command, byte[] body) {
        String cookie = cookies.get();
        byte[] message = concat((cookie + " ").getBytes(StandardCharsets.US_ASCII), body);
        return switch (address.transport()) {
            case UDP -> exchangeUdp(command, cookie, message);
            case TCP -> exchangeTcp(command, cookie, message);
        };
    }

    private byte[] exchangeUdp(String command, String cookie, byte[] message) {
        int attempts = retries + 1;
        long timeoutNanos = timeout.toNanos();
        // One byte more than allowed: a reply that fills it was too large (Java truncates silently).
        byte[] buffer = new byte[maxReplyBytes + 1];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        StrayReplies stray = new StrayReplies();
        IOException lastFailure = null;
        try (DatagramSocket socket = new DatagramSocket()) {
            // Connected: only datagrams from RTPEngine's address arrive, and an ICMP "port
            // unreachable" surfaces as PortUnreachableException instead of a silent timeout.
            socket.connect(resolve(command));
            for (int attempt = 1; attempt <= attempts; attempt++) {
                lastFailure = null;
                try {
                    socket.send(new DatagramPacket(message, message.length));
                    long deadline = System.nanoTime() + timeoutNanos;
                    while (true) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            break;
                        }
                        socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(remaining).toMillis()));
                        received.setLength(buffer.length);
                        try {
                            socket.receive(received);
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                        if (received.getLength() > maxReplyBytes) {
                            throw tooLarge(command);
                        }
                        byte[] body = matchCookie(cookie, buffer, received.getLength(), stray);
                        if (body != null) {
                            return body;
                        }
                    }
                } catch (PortUnreachableException e) {
                    lastFailure = e;
                }
                if (attempt < attempts) {
                    log.debug("no reply to '{}' from {} (attempt {} of {}), sending again with cookie {}",
                            command, address, attempt, attempts, cookie);
                }
            }
        } catch (IOException e) {
            throw new NgTransportException(command, "cannot send '" + command + "' to " + address + ": " + e, e);
        }
        if (lastFailure != null) {
            throw new NgTransportException(command, "'" + command + "' to " + address
                    + ": port unreachable (is RTPEngine running?)", lastFailure);
        }
        throw timeout(command, attempts, stray);
    }

    private byte[] exchangeTcp(String command, String cookie, byte[] message) {
        int attempts = retries + 1;
        int timeoutMillis = (int) timeout.toMillis();
        StrayReplies stray = new StrayReplies();
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            // A new connection per attempt; RTPEngine's per-cookie cache makes the resend safe.
            try (Socket socket = new Socket()) {
                long deadline = System.nanoTime() + timeout.toNanos();
                socket.connect(resolve(command), timeoutMillis);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(message);
                out.flush();
                byte[] body = readTcpReply(command, cookie, socket, deadline, stray);
                if (body != null) {
                    return body;
                }
                lastFailure = null;
            } catch (SocketTimeoutException e) {
                lastFailure = null;
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        if (lastFailure != null) {
            throw new NgTransportException(command, "'" + command + "' to " + address + " failed: "
                    + lastFailure, lastFailure);
        }
        throw timeout(command, attempts, stray);
    }

    /** @return the reply body, or null when the attempt's time ran out */
    private byte[] readTcpReply(String command, String cookie, Socket socket, long deadline, StrayReplies stray)
            throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[Math.min(8_192, maxReplyBytes)];
        int filled = 0;
        while (true) {
            // Complete messages already buffered: "COOKIE " followed by one bencoded value.
            while (true) {
                int space = indexOf(buffer, filled, (byte) ' ');
                if (space < 0) {
                    break;
                }
                int length;
                try {
                    length = Bencode.valueLength(buffer, space + 1, filled - space - 1);
                } catch (BencodeException e) {
                    if (e.truncated()) {
                        break;
                    }
                    throw new NgProtocolException(command, "reply to '" + command + "' is not bencode: " + e.getMessage(), e);
                }
                int end = space + 1 + length;
                byte[] body = matchCookie(cookie, buffer, end, stray);
                if (body != null) {
                    return body;
                }
                System.arraycopy(buffer, end, buffer, 0, filled - end);
                filled -= end;
            }
            if (filled == maxReplyBytes) {
                throw tooLarge(command);
            }
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxReplyBytes));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(remaining).toMillis()));
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new IOException("RTPEngine closed the connection before replying");
            }
            filled += n;
        }
    }

    /** @return the body when {@code data[0, length)} is "COOKIE BODY" with our cookie, else null */
    private static byte[] matchCookie(String cookie, byte[] data, int length, StrayReplies stray) {
        int space = indexOf(data, length, (byte) ' ');
        if (space < 0) {
            stray.seen("a reply without a cookie");
            return null;
        }
        String replyCookie = new String(data, 0, space, StandardCharsets.US_ASCII);
        if (!replyCookie.equals(cookie)) {
            stray.seen("cookie " + (replyCookie.length() > 40 ? replyCookie.substring(0, 40) + "..." : replyCookie));
            log.debug("ignoring an ng reply with cookie {} while waiting for {}", replyCookie, cookie);
            return null;
        }
        return Arrays.copyOfRange(data, space + 1, length);
    }

    private NgProtocolException tooLarge(String command) {
        return new NgProtocolException(command, "reply to '" + command + "' is larger than the "
                + maxReplyBytes + "-byte receive buffer", null);
    }

    private NgTimeoutException timeout(String command, int attempts, StrayReplies stray) {
        return new NgTimeoutException(command, "no reply to '" + command + "' from " + address + " after "
                + attempts + " attempts of " + timeout.toMillis() + " ms" + stray.describe(), attempts);
    }

    private InetSocketAddress resolve(String command) {
        InetSocketAddress resolved = address.socketAddress();
        if (resolved.isUnresolved()) {
            throw new NgTransportException(command, "cannot resolve the ng host " + address.host(), null);
        }
        return resolved;
    }

    private static int indexOf(byte[] data, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Replies that were not ours, for the timeout message. */
    private static final class StrayReplies {
        private int count;
        private String last;

        void seen(String what) {
            count++;
            last = what;
        }

        String describe() {
            return count == 0 ? "" : "; ignored " + count + " other replies (last: " + last + ")";
        }
    }
}
