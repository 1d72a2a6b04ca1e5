package io.voicebroadcast.voice.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.NginxRtmpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RTMP connect probe against a real nginx-rtmp, a TLS proxy, a silent socket and a fake server. */
class RtmpConnectProbeNginxTests {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROMPT = Duration.ofMillis(1000);
    private static final String KEY = "secretkey";

    private static NginxRtmpServer nginx;
    private final UrlPolicy policy = new UrlPolicy(List.of());
    private final RtmpConnectProbe probe = new RtmpConnectProbe(PROBE_TIMEOUT);

    @BeforeAll
    static void startNginx() {
        nginx = NginxRtmpServer.start();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private RtmpProbeResult probe(RtmpConnectProbe p, String url) {
        RtmpProbeResult result = p.probe(policy.validateOutput(url));
        assertThat(result.toString()).doesNotContain(KEY);
        return result;
    }

    @Test
    void outputUrl_isAccepted_withoutAnyPublishOrPlay() {
        RtmpProbeResult result = probe(probe, nginx.outputUrl(KEY));

        assertThat(result).isEqualTo(new RtmpProbeResult.Accepted(
                "rtmp://127.0.0.1:" + nginx.rtmpPort() + "/out", "NetConnection.Connect.Success"));
        String log = nginx.logText();
        assertThat(log).contains("connect: app='out'").doesNotContain("publish:", "play:", KEY);
        assertThat(nginx.publishCount("out")).isZero();
        assertThat(nginx.recordings()).isEmpty();
    }

    @Test
    void closedPort_isRefused_quickly() {
        long started = System.nanoTime();

        RtmpProbeResult result = probe(probe, "rtmp://127.0.0.1:" + NginxRtmpServer.freePort() + "/out/" + KEY);

        assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(RtmpProbeFailure.REFUSED);
            assertThat(f.detail()).contains("connection refused").contains("/out");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPT);
    }

    @Test
    void serverThatNeverAnswers_timesOut_withinTheProbeTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();

            RtmpProbeResult result = probe(probe, "rtmp://127.0.0.1:" + silent.getLocalPort() + "/app/" + KEY);

            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class,
                    f -> assertThat(f.failure()).isEqualTo(RtmpProbeFailure.TIMEOUT));
            assertThat(elapsed).isBetween(PROBE_TIMEOUT.minusMillis(100), PROBE_TIMEOUT.plus(PROMPT));
        }
    }

    @Test
    void httpServer_isNotRtmp() {
        RtmpProbeResult result = probe(probe, "rtmp://127.0.0.1:" + nginx.httpPort() + "/app/" + KEY);

        assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(RtmpProbeFailure.NOT_RTMP);
            assertThat(f.detail()).contains("HTTP server");
        });
    }

    @Test
    void rtmpsToThePlainRtmpPort_failsInTls() {
        RtmpProbeResult result = probe(probe, "rtmps://127.0.0.1:" + nginx.rtmpPort() + "/out/" + KEY);

        assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class,
                f -> assertThat(f.failure()).isEqualTo(RtmpProbeFailure.TLS));
    }

    /** nginx-rtmp logs "application not found" and closes the connection without any _error. */
    @Test
    void unknownApplication_isRejected_byNginxClosingTheConnection() {
        RtmpProbeResult result = probe(probe, "rtmp://127.0.0.1:" + nginx.rtmpPort() + "/nosuchapp/" + KEY);

        assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(RtmpProbeFailure.CONNECT_REJECTED);
            assertThat(f.code()).isNull();
            assertThat(f.detail()).contains("closed the connection without answering connect to 'nosuchapp'");
        });
        assertThat(nginx.logText()).contains("application not found: 'nosuchapp'");
    }

    @Test
    void rtmps_throughTls_isAccepted_whenTheCertificateIsTrusted_andRefusedOtherwise() {
        try (TlsTerminatingProxy tls = new TlsTerminatingProxy(nginx.rtmpPort())) {
            String url = "rtmps://127.0.0.1:" + tls.port() + "/out/" + KEY;

            RtmpProbeResult trusted = probe(new RtmpConnectProbe(PROBE_TIMEOUT, tls.trustingSocketFactory()), url);
            RtmpProbeResult untrusted = probe(probe, url);

            assertThat(trusted).isInstanceOf(RtmpProbeResult.Accepted.class);
            assertThat(trusted.target()).isEqualTo("rtmps://127.0.0.1:" + tls.port() + "/out");
            assertThat(untrusted).isInstanceOfSatisfying(RtmpProbeResult.Failed.class, f -> {
                assertThat(f.failure()).isEqualTo(RtmpProbeFailure.TLS);
                assertThat(f.detail()).contains("TLS handshake failed");
            });
        }
        assertThat(nginx.publishCount("out")).isZero();
    }

    @Test
    void unknownHost_isUnreachable() {
        RtmpProbeResult result = probe(probe, "rtmp://no-such-host.invalid/app/" + KEY);

        assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class,
                f -> assertThat(f.failure()).isIn(RtmpProbeFailure.UNREACHABLE, RtmpProbeFailure.TIMEOUT));
    }

    @Test
    void connectError_isRejected_withTheServersCode() throws Exception {
        try (FakeRtmpServer server = new FakeRtmpServer()) {
            RtmpProbeResult result = probe(probe, "rtmp://127.0.0.1:" + server.port() + "/app/" + KEY);

            assertThat(result).isInstanceOfSatisfying(RtmpProbeResult.Failed.class, f -> {
                assertThat(f.failure()).isEqualTo(RtmpProbeFailure.CONNECT_REJECTED);
                assertThat(f.code()).isEqualTo("NetConnection.Connect.Rejected");
                assertThat(f.detail()).contains("rejected: NetConnection.Connect.Rejected (Invalid stream key)");
            });
            assertThat(server.receivedConnect()).containsEntry("app", "app")
                    .containsEntry("tcUrl", "rtmp://127.0.0.1:" + server.port() + "/app");
            assertThat(server.receivedConnect().toString()).doesNotContain(KEY);
        }
    }

    /** Handshakes, reads connect, sends the control messages a real server sends, then an _error. */
    private static final class FakeRtmpServer implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private volatile Map<String, Object> connect;
        private final Thread thread = new Thread(this::serveOne, "fake-rtmp");

        FakeRtmpServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        Map<String, Object> receivedConnect() {
            return connect;
        }

        private void serveOne() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                in.readNBytes(1 + RtmpConnectProbe.HANDSHAKE_SIZE);
                out.write(3);
                out.write(new byte[RtmpConnectProbe.HANDSHAKE_SIZE * 2]);
                out.flush();
                in.readNBytes(RtmpConnectProbe.HANDSHAKE_SIZE);
                RtmpMessage m = new RtmpChunkReader(in, 65536).next();
                Amf0Reader amf = new Amf0Reader(m.payload());
                amf.read();
                amf.read();
                @SuppressWarnings("unchecked")
                Map<String, Object> command = (Map<String, Object>) amf.read();
                connect = command;
                send(out, 2, new RtmpMessage(RtmpMessage.WINDOW_ACK_SIZE, 0, 0, new byte[] {0, 0x4c, 0x4b, 0x40}), 128);
                send(out, 2, new RtmpMessage(RtmpMessage.SET_CHUNK_SIZE, 0, 0, new byte[] {0, 0, 0, 16}), 128);
                byte[] error = new Amf0Writer().string("_error").number(1).nul().object(Map.of("level", "error",
                        "code", "NetConnection.Connect.Rejected", "description", "Invalid stream key")).toByteArray();
                send(out, 3, new RtmpMessage(RtmpMessage.AMF0_COMMAND, 0, 0, error), 16);
                in.read(); // wait for the client to close
            } catch (IOException ignored) {
                // test over
            }
        }

        private static void send(OutputStream out, int csid, RtmpMessage m, int chunkSize) throws IOException {
            out.write(RtmpChunkWriter.encode(csid, m, chunkSize));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
