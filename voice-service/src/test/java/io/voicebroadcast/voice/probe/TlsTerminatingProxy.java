package io.voicebroadcast.voice.probe;

import io.voicebroadcast.testsupport.ScratchDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Terminates TLS on a loopback port and forwards the plain bytes to another loopback port, so
 * that rtmps:// and https:// can be tested against the plain nginx. Its certificate is
 * self-signed for 127.0.0.1 (made with the JDK's keytool): {@link #caFile()} and
 * {@link #trustingSocketFactory()} trust it, the system trust store does not.
 */
final class TlsTerminatingProxy implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final long KEYTOOL_TIMEOUT_SECONDS = 30;

    private final ScratchDir scratch;
    private final Path dir;
    private final int targetPort;
    private final SSLContext serverContext;
    private final SSLServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    TlsTerminatingProxy(int targetPort) {
        this.scratch = ScratchDir.create("tls-proxy-");
        this.dir = scratch.path();
        this.targetPort = targetPort;
        try {
            keytool("-genkeypair", "-alias", "probe", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keyStore().toString(),
                    "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
            keytool("-exportcert", "-rfc", "-alias", "probe", "-keystore", keyStore().toString(),
                    "-storepass", new String(PASSWORD), "-file", caFile().toString());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(loadKeyStore(), PASSWORD);
            serverContext = SSLContext.getInstance("TLS");
            serverContext.init(kmf.getKeyManagers(), null, null);
            server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread accept = new Thread(this::acceptLoop, "tls-proxy-accept");
            accept.setDaemon(true);
            accept.start();
        } catch (IOException e) {
            scratch.close();
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            scratch.close();
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The certificate as PEM, for FFmpeg's {@code -ca_file}. */
    Path caFile() {
        return dir.resolve("cert.pem");
    }

    SSLSocketFactory trustingSocketFactory() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(loadKeyStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path keyStore() {
        return dir.resolve("keystore.p12");
    }

    private KeyStore loadKeyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore())) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static void keytool(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or a client that failed its handshake
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Closes every socket and deletes the key store and certificate. */
    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(TlsTerminatingProxy::closeQuietly);
        scratch.close();
    }
}
