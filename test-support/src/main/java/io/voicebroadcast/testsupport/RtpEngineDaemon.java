package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real RTPEngine (Debian's {@code rtpengine-daemon}, userspace only) on loopback, with its ng
 * listener on free UDP and TCP ports and its own media port range. It is started in the foreground
 * with {@code --config-file=none} (the package's config would ask for kernel table 0 and
 * recording), is ready once it answers an ng {@code ping}, and can be killed and started again on
 * the same ports, as an RTPEngine outage would look to the voice service.
 */
public final class RtpEngineDaemon implements ProcessBacked {

    public static final String BINARY = "/usr/bin/rtpengine";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(200);
    private static final int MEDIA_PORTS = 200;
    /** Below Linux's ephemeral range (32768+), so the daemon's media ports do not collide with clients. */
    private static final int MEDIA_RANGE_LOW = 20_000;
    private static final int MEDIA_RANGE_HIGH = 32_000;

    private final int ngPort;
    private final int ngTcpPort;
    private final int cliPort;
    private final int mediaPortMin;
    private final int mediaPortMax;
    private ManagedProcess process;

    private RtpEngineDaemon(int ngPort, int ngTcpPort, int cliPort, int mediaPortMin) {
        this.ngPort = ngPort;
        this.ngTcpPort = ngTcpPort;
        this.cliPort = cliPort;
        this.mediaPortMin = mediaPortMin;
        this.mediaPortMax = mediaPortMin + MEDIA_PORTS - 1;
    }

    /** Whether the daemon is installed (provisioning installs it; tests skip with a reason without it). */
    public static boolean isInstalled() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * Starts a daemon on free loopback ports and waits until it answers ng pings. A port found free
     * can be taken by another process before the daemon binds it (its CLI and TCP ng ports are TCP,
     * its ng port UDP): then it is started again on other ports, up to three times.
     */
    public static RtpEngineDaemon start() {
        for (int attempt = 1; ; attempt++) {
            int ng = NginxRtmpServer.freeUdpPort();
            int tcp = NginxRtmpServer.freePort();
            int cli = NginxRtmpServer.freePort();
            // A random window, so daemons of parallel test runs rarely share media ports.
            int low = MEDIA_RANGE_LOW + 2 * ThreadLocalRandom.current().nextInt((MEDIA_RANGE_HIGH - MEDIA_RANGE_LOW - MEDIA_PORTS) / 2);
            RtpEngineDaemon daemon = new RtpEngineDaemon(ng, tcp, cli, low);
            try {
                daemon.launch();
                return daemon;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** The argv, as rtpengine.md records it. */
    public List<String> argv() {
        return new ArrayList<>(List.of(BINARY,
                "--config-file=none", "--foreground", "--table=-1",
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ngPort,
                "--listen-tcp-ng=127.0.0.1:" + ngTcpPort,
                "--listen-cli=127.0.0.1:" + cliPort,
                "--port-min=" + mediaPortMin, "--port-max=" + mediaPortMax,
                "--log-stderr", "--log-level=6",
                // A deleted participant stops at once; a silent one is dropped after a minute.
                "--delete-delay=0", "--timeout=60"));
    }

    private void launch() {
        process = ManagedProcess.start("rtpengine", argv());
        try {
            process.awaitReady("answering ng ping", READY_TIMEOUT, Duration.ofMillis(100), this::answersPing, () -> "");
        } catch (IllegalStateException e) {
            process.close();
            throw e;
        }
    }

    private boolean answersPing() {
        byte[] request = "ready d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout((int) PING_TIMEOUT.toMillis());
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), ngPort));
            byte[] buffer = new byte[256];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII).equals("ready d6:result4:ponge");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false; // port unreachable while it starts: not listening yet
        }
    }

    /** {@code udp://127.0.0.1:PORT}, the form {@code VOICE_RTPENGINE_NG_URL} takes. */
    public String ngAddress() {
        return "udp://127.0.0.1:" + ngPort;
    }

    /** {@code tcp://127.0.0.1:PORT} ({@code --listen-tcp-ng}). */
    public String ngTcpAddress() {
        return "tcp://127.0.0.1:" + ngTcpPort;
    }

    public int ngPort() {
        return ngPort;
    }

    public int mediaPortMin() {
        return mediaPortMin;
    }

    public int mediaPortMax() {
        return mediaPortMax;
    }

    /** The daemon; its output is its log. Killing it loses every call it held, as a crash would. */
    @Override
    public ManagedProcess process() {
        return process;
    }

    /** After {@link #kill()}: a fresh daemon, no calls, on the same ports. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("rtpengine is still running; kill() it first");
        }
        process.close();
        launch();
    }
}
