package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real nginx with Debian's RTMP module on free loopback ports, configured in a temp dir.
 * <ul>
 *   <li>application {@code live}: cameras publish here and decoders play from here;</li>
 *   <li>applications {@code out} and {@code out2}: broadcast destinations; every publish session
 *       is recorded to its own FLV file named after its stream key ({@code record_unique}) and
 *       logged, so tests can count sessions;</li>
 *   <li>an HTTP server on {@link #httpPort()} serving {@link #httpRoot()} (images, videos).</li>
 * </ul>
 * It runs as a single foreground process ({@code master_process off}) so that one kill ends it;
 * {@link #close()} stops it and deletes its directory (config, logs, recordings, served files).
 */
public final class NginxRtmpServer implements AutoCloseable {

    public static final String MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so";
    private static final Pattern PUBLISH = Pattern.compile("publish: name='[^']*' args='[^']*' type=\\S+ silent=\\d+, client: \\S+, server: \\S+");

    private final ScratchDir scratch;
    private final Path dir;
    private final int rtmpPort;
    private final int httpPort;
    private volatile ManagedProcess process;

    private NginxRtmpServer(ScratchDir scratch, int rtmpPort, int httpPort, ManagedProcess process) {
        this.scratch = scratch;
        this.dir = scratch.path();
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    public static NginxRtmpServer start() {
        ScratchDir scratch = ScratchDir.create("nginx-rtmp-");
        NginxRtmpServer server = null;
        try {
            Path dir = scratch.path();
            scratch.directory("rec");
            scratch.directory("www");
            scratch.directory("tmp");
            int rtmpPort = freePort();
            int httpPort = freePort();
            Files.writeString(dir.resolve("nginx.conf"), config(dir, rtmpPort, httpPort));
            ManagedProcess p = ManagedProcess.start("nginx",
                    List.of(nginxBinary(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString()));
            server = new NginxRtmpServer(scratch, rtmpPort, httpPort, p);
            server.awaitListening(Duration.ofSeconds(10));
            return server;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            } else {
                scratch.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    static String nginxBinary() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    /** The configuration, also used by provisioning for the demo (kept in one place). */
    public static String config(Path dir, int rtmpPort, int httpPort) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                error_log %1$s/error.log info;
                pid %1$s/nginx.pid;
                load_module %4$s;
                events { worker_connections 512; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    fastcgi_temp_path %1$s/tmp;
                    uwsgi_temp_path %1$s/tmp;
                    scgi_temp_path %1$s/tmp;
                    types { image/png png; image/jpeg jpg jpeg; video/mp4 mp4; }
                    server {
                        listen 127.0.0.1:%3$d;
                        root %1$s/www;
                        # on_publish target of application "deny": every publish is rejected (a bad key).
                        location = /deny { return 403; }
                        # the RTMP module's statistics (XML): who publishes what right now
                        location = /stat { rtmp_stat all; }
                    }
                }
                rtmp {
                    server {
                        listen 127.0.0.1:%2$d;
                        chunk_size 4096;
                        application live {
                            live on;
                            record off;
                        }
                        application deny {
                            live on;
                            on_publish http://127.0.0.1:%3$d/deny;
                        }
                        application out {
                            live on;
                            record all;
                            record_path %1$s/rec;
                            record_unique on;
                            record_suffix .flv;
                        }
                        # a second destination application on the same server (simulcast)
                        application out2 {
                            live on;
                            record all;
                            record_path %1$s/rec;
                            record_unique on;
                            record_suffix .flv;
                        }
                    }
                }
                """.formatted(dir, rtmpPort, httpPort, MODULE);
    }

    private void awaitListening(Duration timeout) {
        try {
            process.awaitReady("listening on " + rtmpPort + " (RTMP) and " + httpPort + " (HTTP)", timeout, Duration.ofMillis(50),
                    () -> accepts(rtmpPort) && accepts(httpPort), () -> "\n" + logText());
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP port free on 127.0.0.1 now. */
    public static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where cameras publish and decoders play: {@code rtmp://127.0.0.1:PORT/live/NAME}. */
    public String liveUrl(String name) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + name;
    }

    /** The recorded destination: {@code rtmp://127.0.0.1:PORT/out/KEY}. */
    public String outputUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/out/" + streamKey;
    }

    /** A recorded destination of application {@code out} or {@code out2}: {@code rtmp://127.0.0.1:PORT/APP/KEY}. */
    public String outputUrl(String app, String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/" + app + "/" + streamKey;
    }

    /** A destination that accepts {@code connect} but rejects every publish, as a wrong stream key does. */
    public String rejectingUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/deny/" + streamKey;
    }

    /** Kills nginx abruptly (as a crashed ingest server) and starts it again on the same ports. */
    public void restart(java.time.Duration down) {
        process.kill();
        sleep(down.toMillis()); // the outage itself
        process = ManagedProcess.start("nginx", List.of(nginxBinary(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString()));
        awaitListening(java.time.Duration.ofSeconds(10));
    }

    public Path httpRoot() {
        return dir.resolve("www");
    }

    public String httpUrl(String file) {
        return "http://127.0.0.1:" + httpPort + "/" + file;
    }

    public Path recordingsDir() {
        return dir.resolve("rec");
    }

    /** The recorded publish sessions of applications {@code out} and {@code out2}, oldest first. */
    public List<Path> recordings() {
        try (Stream<Path> files = Files.list(recordingsDir())) {
            return files.filter(f -> f.toString().endsWith(".flv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded publish sessions of one stream key (of {@code out} or {@code out2}), oldest first. */
    public List<Path> recordings(String streamKey) {
        return recordings().stream().filter(f -> f.getFileName().toString().startsWith(streamKey + "-")).toList();
    }

    /**
     * Clients publishing {@code streamKey} to {@code app} right now, from nginx's RTMP statistics
     * page ({@code /stat}); nginx allows one at a time, so this is 0 or 1.
     */
    public int publishers(String app, String streamKey) {
        String xml;
        try {
            xml = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpUrl("stat")))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher application = Pattern.compile("<application>\\s*<name>" + Pattern.quote(app) + "</name>(.*?)</application>",
                Pattern.DOTALL).matcher(xml);
        if (!application.find()) {
            return 0;
        }
        Matcher stream = Pattern.compile("<stream>\\s*<name>" + Pattern.quote(streamKey) + "</name>(.*?)</stream>", Pattern.DOTALL)
                .matcher(application.group(1));
        if (!stream.find()) {
            return 0;
        }
        // the stream itself says <publishing/> too: count its clients that publish
        Matcher client = Pattern.compile("<client>(.*?)</client>", Pattern.DOTALL).matcher(stream.group(1));
        int n = 0;
        while (client.find()) {
            if (client.group(1).contains("<publishing/>")) {
                n++;
            }
        }
        return n;
    }

    /** Publish sessions that nginx logged for an application ({@code live} or {@code out}). */
    public int publishCount(String app) {
        return publishCount(logText(), app);
    }

    /**
     * Publish sessions for an application in an nginx RTMP log at level info (this server's, or the
     * rtmp-server image's container log).
     */
    public static int publishCount(String log, String app) {
        // nginx logs "connect: app='out'" then "publish: name=..." on the same connection;
        // count publish lines whose connection's last connect was to this app.
        Matcher m = PUBLISH.matcher(log);
        int count = 0;
        while (m.find()) {
            int lineStart = log.lastIndexOf('\n', m.start()) + 1;
            String line = log.substring(lineStart, log.indexOf('\n', m.start()) < 0 ? log.length() : log.indexOf('\n', m.start()));
            String conn = connectionId(line);
            if (conn != null && connectedApp(log.substring(0, m.start()), conn).equals(app)) {
                count++;
            }
        }
        return count;
    }

    private static String connectionId(String line) {
        Matcher m = Pattern.compile("\\*(\\d+) ").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static String connectedApp(String logBefore, String conn) {
        Matcher m = Pattern.compile("\\*" + conn + " connect: app='([^']*)'").matcher(logBefore);
        String app = "";
        while (m.find()) {
            app = m.group(1);
        }
        return app;
    }

    public Path errorLog() {
        return dir.resolve("error.log");
    }

    public String logText() {
        try {
            return Files.exists(errorLog()) ? Files.readString(errorLog()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Stops nginx, then deletes its directory: nothing of it stays in /tmp. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            scratch.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
