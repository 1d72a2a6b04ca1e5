package io.voicebroadcast.gamesession.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real RabbitMQ the consumer tests use: 127.0.0.1:5672, guest/guest. Started with
 * {@code rabbitmq-server -detached} when it does not answer (it keeps running afterwards, like
 * provisioning's), or the test fails saying what to do. Also reads queue depths with
 * {@code rabbitmqctl}, which is how a test sees that a message is delivered but not yet acknowledged.
 */
public final class LocalRabbitMq {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    public static final String URI = "amqp://guest:guest@127.0.0.1:5672";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CTL_TIMEOUT = Duration.ofSeconds(20);

    private static boolean running;

    private LocalRabbitMq() {
    }

    /** Makes sure the broker answers AMQP; starts it if it is installed but down. */
    public static synchronized void ensureRunning() {
        if (running) {
            return;
        }
        if (!answersAmqp()) {
            Path server = Path.of("/usr/sbin/rabbitmq-server");
            if (!Files.isExecutable(server)) {
                throw new IllegalStateException("RabbitMQ does not answer on " + HOST + ":" + PORT + " and " + server
                        + " is not installed: run provisioning/install.sh (it installs and starts RabbitMQ) or start a broker there with guest/guest");
            }
            exec(List.of(server.toString(), "-detached"), Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!answersAmqp()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("RabbitMQ was started with 'rabbitmq-server -detached' but did not answer AMQP on "
                            + HOST + ":" + PORT + " within " + START_TIMEOUT.toSeconds() + " s; see /var/log/rabbitmq");
                }
                sleep(500);
            }
        }
        running = true;
    }

    private static boolean answersAmqp() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 500);
        } catch (IOException e) {
            return false;
        }
        try (Connection c = connectionFactory().newConnection("probe")) {
            return c.isOpen();
        } catch (Exception e) {
            return false;
        }
    }

    public static ConnectionFactory connectionFactory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(HOST);
        f.setPort(PORT);
        f.setUsername("guest");
        f.setPassword("guest");
        f.setConnectionTimeout(3000);
        return f;
    }

    /** Ready and delivered-but-unacknowledged messages of a queue, as the broker counts them. */
    public record Depth(int ready, int unacknowledged) {
    }

    public static Optional<Depth> depth(String queue) {
        String out = exec(List.of("/usr/sbin/rabbitmqctl", "-q", "list_queues", "--no-table-headers",
                "name", "messages_ready", "messages_unacknowledged"), CTL_TIMEOUT);
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals(queue)) {
                return Optional.of(new Depth(Integer.parseInt(f[1]), Integer.parseInt(f[2])));
            }
        }
        return Optional.empty();
    }

    /** One message from a queue (acknowledged), or empty. */
    public static Optional<com.rabbitmq.client.GetResponse> get(String queue) {
        try (Connection c = connectionFactory().newConnection("test-get"); Channel ch = c.createChannel()) {
            return Optional.ofNullable(ch.basicGet(queue, true));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read queue " + queue + ": " + e.getMessage(), e);
        }
    }

    /** Deletes test queues and exchanges; missing ones are fine. */
    public static void deleteQuietly(List<String> queues, List<String> exchanges) {
        try (Connection c = connectionFactory().newConnection("test-cleanup")) {
            for (String q : queues) {
                try (Channel ch = c.createChannel()) {
                    ch.queueDelete(q);
                } catch (Exception ignored) {
                    // gone already
                }
            }
            for (String x : exchanges) {
                try (Channel ch = c.createChannel()) {
                    ch.exchangeDelete(x);
                } catch (Exception ignored) {
                    // gone already
                }
            }
        } catch (Exception ignored) {
            // the broker is gone; nothing to clean
        }
    }

    private static String exec(List<String> argv, Duration timeout) {
        // Output to a file, not a pipe: a daemon started by the command may hold it open for ever.
        Path log = null;
        try {
            log = Files.createTempFile("rabbitmq-cmd-", ".log");
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish within " + timeout);
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed (" + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
