package io.voicebroadcast.voice.audio;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Objects;

/**
 * Hands out bound UDP sockets from a configured port range (the range a firewall or RTPEngine's
 * SDP expects). A port is taken by binding it, so ports used by other processes are skipped.
 * The search starts after the last port handed out, so a port just released is not reused at
 * once and cannot receive the tail of its previous stream.
 */
public final class UdpPortAllocator {

    private final InetAddress bindAddress;
    private final int minPort;
    private final int maxPort;
    private int nextPort;

    public UdpPortAllocator(InetAddress bindAddress, int minPort, int maxPort) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        if (minPort < 1 || maxPort > 65_535 || minPort > maxPort) {
            throw new IllegalArgumentException("UDP port range must satisfy 1 <= min <= max <= 65535, got " + minPort + ".." + maxPort);
        }
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.nextPort = minPort;
    }

    /**
     * @return a socket bound to {@code bindAddress} and a free port of the range; the caller closes it
     * @throws UdpPortsExhaustedException when every port of the range is in use
     */
    public synchronized DatagramSocket allocate() {
        int rangeSize = maxPort - minPort + 1;
        for (int attempt = 0; attempt < rangeSize; attempt++) {
            int port = nextPort;
            nextPort = port == maxPort ? minPort : port + 1;
            DatagramSocket socket = tryBind(port);
            if (socket != null) {
                return socket;
            }
        }
        throw new UdpPortsExhaustedException("no free UDP port in " + bindAddress.getHostAddress() + ":" + minPort
                + "-" + maxPort + " (all " + rangeSize + " in use); widen the range or end some broadcasts");
    }

    private DatagramSocket tryBind(int port) {
        try {
            DatagramSocket socket = new DatagramSocket(null);
            try {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(bindAddress, port));
                return socket;
            } catch (IOException e) {
                socket.close();
                return null;
            }
        } catch (SocketException e) {
            return null;
        }
    }

    /** Every port of the range is taken. */
    public static final class UdpPortsExhaustedException extends RuntimeException {

        public UdpPortsExhaustedException(String message) {
            super(message);
        }
    }
}
