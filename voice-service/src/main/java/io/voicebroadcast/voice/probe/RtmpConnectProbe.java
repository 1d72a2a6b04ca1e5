package io.voicebroadcast.voice.probe;

import io.voicebroadcast.security.SecretRedactor;
import io.voicebroadcast.security.StreamKeyMasker;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Validates an RTMP(S) output without publishing or playing: an ingest server cannot be played,
 * and a test publish would put the channel live. It connects (TLS with SNI and host name
 * verification for rtmps), performs the RTMP handshake, sends {@code connect} to the application
 * (whose tcUrl holds no key) and waits for the {@code _result} or {@code _error} of transaction 1,
 * then closes. The stream key is never sent. Everything happens within {@code probeTimeout}.
 */
public final class RtmpConnectProbe {

    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final int HANDSHAKE_SIZE = 1536;
    static final int RTMP_VERSION = 3;
    static final int CONNECT_TRANSACTION = 1;
    static final String FLASH_VERSION = "FMLE/3.0 (compatible; voice-broadcast probe)";
    /** A connect reply is a few hundred bytes; refuse to buffer anything huge. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int COMMAND_CHUNK_STREAM = 3;

    private final Duration probeTimeout;
    private final SSLSocketFactory tlsSocketFactory;
    private final SecureRandom random = new SecureRandom();

    /** Uses the JVM's default trust store for rtmps. */
    public RtmpConnectProbe(Duration probeTimeout) {
        this(probeTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public RtmpConnectProbe(Duration probeTimeout, SSLSocketFactory tlsSocketFactory) {
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probeTimeout must be positive");
        }
        this.probeTimeout = probeTimeout;
        this.tlsSocketFactory = Objects.requireNonNull(tlsSocketFactory);
    }

    /** Probes the URL's host as the system resolver answers for it (tests, tools: no egress policy). */
    public RtmpProbeResult probe(ValidatedUrl output) {
        return probe(output, null);
    }

    /**
     * Probes the server at {@code address}, the address the egress policy checked for the URL's
     * host (the name still goes into TLS's SNI and the tcUrl), so the probe cannot be led
     * elsewhere by a second lookup; null resolves the host here.
     */
    public RtmpProbeResult probe(ValidatedUrl output, InetAddress address) {
        if (output.kind() != UrlKind.RTMP && output.kind() != UrlKind.RTMPS) {
            throw new IllegalArgumentException("not an RTMP URL: " + output.masked());
        }
        Target target = Target.of(output);
        SecretRedactor redactor = SecretRedactor.of(output.value());
        Session session = new Session(target, address, redactor, System.nanoTime() + probeTimeout.toNanos());
        FutureTask<RtmpProbeResult> task = new FutureTask<>(session::run);
        Thread thread = new Thread(task, "rtmp-probe " + target.host());
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the session may be stuck in a DNS lookup or a read: closing the socket frees it
            session.abort();
            thread.interrupt();
            Phase phase = session.phase;
            return target.failed(phase == Phase.TLS ? RtmpProbeFailure.TLS : RtmpProbeFailure.TIMEOUT, null,
                    "no answer within " + probeTimeout.toMillis() + " ms " + phase.during);
        } catch (ExecutionException e) {
            return target.failed(RtmpProbeFailure.NOT_RTMP, null, "probe failed: " + redactor.redact(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            session.abort();
            thread.interrupt();
            Thread.currentThread().interrupt();
            return target.failed(RtmpProbeFailure.TIMEOUT, null, "interrupted " + session.phase.during);
        }
    }

    /** The AMF0 payload of {@code connect} to an application. */
    static byte[] connectCommand(String app, String tcUrl) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("app", app);
        command.put("type", "nonprivate");
        command.put("flashVer", FLASH_VERSION);
        command.put("tcUrl", tcUrl);
        return new Amf0Writer().string("connect").number(CONNECT_TRANSACTION).object(command).toByteArray();
    }

    /** The reply to transaction 1 in an AMF0 command, or null when the command is something else. */
    static ConnectReply connectReply(byte[] amf0Payload) throws RtmpProtocolException {
        Amf0Reader reader = new Amf0Reader(amf0Payload);
        Object name = reader.read();
        if (!(name instanceof String command) || !(command.equals("_result") || command.equals("_error"))) {
            return null;
        }
        Object transaction = reader.read();
        if (!(transaction instanceof Double id) || id != CONNECT_TRANSACTION) {
            return null;
        }
        String code = null;
        String description = null;
        while (reader.hasMore()) {
            if (reader.read() instanceof Map<?, ?> info && info.get("code") instanceof String c) {
                code = c;
                description = info.get("description") instanceof String d ? d : null;
            }
        }
        return new ConnectReply(command.equals("_result"), code, description);
    }

    record ConnectReply(boolean accepted, String code, String description) {
    }

    private enum Phase {
        RESOLVE("resolving the host"),
        CONNECT("connecting"),
        TLS("in the TLS handshake"),
        HANDSHAKE("in the RTMP handshake"),
        COMMAND("waiting for the reply to connect");

        final String during;

        Phase(String during) {
            this.during = during;
        }
    }

    /**
     * Where the probe goes; {@link #toString()} is {@code scheme://host:port/app}, never the key.
     *
     * @param shownApp the application as messages show it: masked when the path has one segment
     *                 only, which may be a key pasted where the application belongs
     */
    record Target(String scheme, String host, int port, String app, String shownApp, String tcUrl) {

        static Target of(ValidatedUrl url) {
            URI uri = URI.create(url.value());
            String scheme = url.kind() == UrlKind.RTMPS ? "rtmps" : "rtmp";
            int port = uri.getPort() != -1 ? uri.getPort() : url.kind() == UrlKind.RTMPS ? 443 : 1935;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String app = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
            String authority = uri.getHost() + (uri.getPort() != -1 ? ":" + uri.getPort() : "");
            String shown = path.length() > 1 && path.substring(1).contains("/") ? app : StreamKeyMasker.MASK;
            return new Target(scheme, uri.getHost(), port, app, shown, scheme + "://" + authority + "/" + app);
        }

        String hostWithoutBrackets() {
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        }

        RtmpProbeResult.Failed failed(RtmpProbeFailure failure, String code, String detail) {
            return new RtmpProbeResult.Failed(toString(), failure, code, this + ": " + detail);
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port + "/" + shownApp;
        }
    }

    private final class Session {

        private final Target target;
        private final InetAddress checkedAddress;
        /** The server's texts may quote the application, which can be the key (a one-segment URL). */
        private final SecretRedactor redactor;
        private final long deadlineNanos;
        private volatile Phase phase = Phase.RESOLVE;
        private volatile Socket socket;
        private volatile boolean aborted;

        Session(Target target, InetAddress checkedAddress, SecretRedactor redactor, long deadlineNanos) {
            this.target = target;
            this.checkedAddress = checkedAddress;
            this.redactor = redactor;
            this.deadlineNanos = deadlineNanos;
        }

        RtmpProbeResult run() {
            try {
                return exchange();
            } catch (UnknownHostException e) {
                return target.failed(RtmpProbeFailure.UNREACHABLE, null, "unknown host");
            } catch (NoRouteToHostException e) {
                return target.failed(RtmpProbeFailure.UNREACHABLE, null, "no route to host");
            } catch (ConnectException e) {
                boolean refused = String.valueOf(e.getMessage()).toLowerCase().contains("refused");
                return refused
                        ? target.failed(RtmpProbeFailure.REFUSED, null, "connection refused")
                        : target.failed(RtmpProbeFailure.UNREACHABLE, null, "cannot connect: " + redactor.redact(e.getMessage()));
            } catch (SocketTimeoutException e) {
                return timeout();
            } catch (SSLException e) {
                return target.failed(RtmpProbeFailure.TLS, null, "TLS handshake failed: " + redactor.redact(e.getMessage()));
            } catch (RtmpProtocolException e) {
                return target.failed(RtmpProbeFailure.NOT_RTMP, null, "not an RTMP server: " + e.getMessage());
            } catch (IOException e) {
                if (aborted) {
                    return timeout();
                }
                return switch (phase) {
                    case RESOLVE, CONNECT -> target.failed(RtmpProbeFailure.UNREACHABLE, null,
                            "cannot connect: " + redactor.redact(e.getMessage()));
                    case TLS -> target.failed(RtmpProbeFailure.TLS, null, "TLS handshake failed: " + redactor.redact(e.getMessage()));
                    case HANDSHAKE -> target.failed(RtmpProbeFailure.NOT_RTMP, null, "the server "
                            + (e instanceof EOFException ? "closed the connection" : "failed") + " during the RTMP handshake");
                    case COMMAND -> target.failed(RtmpProbeFailure.CONNECT_REJECTED, null,
                            "the server closed the connection without answering connect to '" + target.shownApp()
                                    + "' (nginx-rtmp does this for an unknown application)");
                };
            } finally {
                closeQuietly();
            }
        }

        private RtmpProbeResult timeout() {
            return target.failed(phase == Phase.TLS ? RtmpProbeFailure.TLS : RtmpProbeFailure.TIMEOUT, null,
                    "no answer within " + probeTimeout.toMillis() + " ms " + phase.during);
        }

        private RtmpProbeResult exchange() throws IOException {
            phase = Phase.RESOLVE;
            InetAddress address = checkedAddress != null ? checkedAddress : InetAddress.getByName(target.hostWithoutBrackets());
            phase = Phase.CONNECT;
            Socket plain = new Socket();
            socket = plain;
            if (aborted) {
                throw new SocketTimeoutException("aborted");
            }
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address, target.port()), remainingMillis());
            Socket s = plain;
            if (target.scheme().equals("rtmps")) {
                phase = Phase.TLS;
                s = startTls(plain);
            }
            phase = Phase.HANDSHAKE;
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            handshake(s, in, out);
            phase = Phase.COMMAND;
            byte[] connect = connectCommand(target.app(), target.tcUrl());
            out.write(RtmpChunkWriter.encode(COMMAND_CHUNK_STREAM,
                    new RtmpMessage(RtmpMessage.AMF0_COMMAND, 0, 0, connect), RtmpChunkWriter.DEFAULT_CHUNK_SIZE));
            out.flush();
            RtmpChunkReader reader = new RtmpChunkReader(in, MAX_MESSAGE_BYTES);
            while (true) {
                s.setSoTimeout(remainingMillis());
                RtmpMessage message = reader.next();
                byte[] payload = switch (message.typeId()) {
                    case RtmpMessage.AMF0_COMMAND -> message.payload();
                    // AMF3 command messages start with one format byte, then AMF0
                    case RtmpMessage.AMF3_COMMAND -> message.payload().length == 0 ? message.payload()
                            : java.util.Arrays.copyOfRange(message.payload(), 1, message.payload().length);
                    default -> null; // window ack size, peer bandwidth, user control, chunk size: nothing to answer
                };
                ConnectReply reply = payload == null || payload.length == 0 ? null : connectReply(payload);
                if (reply != null) {
                    return reply.accepted()
                            ? new RtmpProbeResult.Accepted(target.toString(), reply.code())
                            : target.failed(RtmpProbeFailure.CONNECT_REJECTED, reply.code(), "connect to '" + target.shownApp()
                                    + "' rejected: " + reply.code() + (reply.description() == null ? ""
                                    : " (" + redactor.redact(reply.description()) + ")"));
                }
            }
        }

        private Socket startTls(Socket plain) throws IOException {
            SSLSocket tls = (SSLSocket) tlsSocketFactory.createSocket(plain, target.hostWithoutBrackets(), target.port(), true);
            socket = tls;
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(target.hostWithoutBrackets())) {
                parameters.setServerNames(List.of(new SNIHostName(target.hostWithoutBrackets())));
            }
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(remainingMillis());
            tls.startHandshake();
            return tls;
        }

        private void handshake(Socket s, InputStream in, OutputStream out) throws IOException {
            byte[] c0c1 = new byte[1 + HANDSHAKE_SIZE];
            c0c1[0] = RTMP_VERSION;
            byte[] randomPart = new byte[HANDSHAKE_SIZE - 8];
            random.nextBytes(randomPart);
            // C1: time (4 bytes, 0 is fine), zero (4 bytes), random
            System.arraycopy(randomPart, 0, c0c1, 9, randomPart.length);
            out.write(c0c1);
            out.flush();
            s.setSoTimeout(remainingMillis());
            int s0 = in.read();
            if (s0 < 0) {
                throw new EOFException("closed before S0");
            }
            if (s0 != RTMP_VERSION) {
                throw new RtmpProtocolException("handshake answered with byte 0x" + Integer.toHexString(s0)
                        + (s0 == 'H' ? " ('H': an HTTP server?)" : "") + ", RTMP version 3 expected");
            }
            byte[] s1 = readFully(s, in, HANDSHAKE_SIZE);
            out.write(s1); // C2 echoes S1
            out.flush();
            readFully(s, in, HANDSHAKE_SIZE); // S2
        }

        private byte[] readFully(Socket s, InputStream in, int length) throws IOException {
            byte[] buffer = new byte[length];
            int done = 0;
            while (done < length) {
                s.setSoTimeout(remainingMillis());
                int n = in.read(buffer, done, length - done);
                if (n < 0) {
                    throw new EOFException("closed in the handshake");
                }
                done += n;
            }
            return buffer;
        }

        private int remainingMillis() throws SocketTimeoutException {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remaining <= 0 || aborted) {
                throw new SocketTimeoutException("probe timeout");
            }
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }

        void abort() {
            aborted = true;
            closeQuietly();
        }

        private void closeQuietly() {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
