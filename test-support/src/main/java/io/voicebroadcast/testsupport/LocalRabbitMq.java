package io.voicebroadcast.testsupport;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The machine's RabbitMQ for tests and the benchmark: 127.0.0.1:5672, guest/guest.
 * <ul>
 *   <li>{@link #ensureRunning()} starts it when it is down ({@code start_app} if the node runs,
 *       else {@code rabbitmq-server -detached}, which keeps running afterwards like provisioning's),
 *       or fails saying what to do;</li>
 *   <li>{@link #outage()} takes it away with {@code rabbitmqctl stop_app} and brings it back with
 *       {@code start_app} ({@code try (var outage = LocalRabbitMq.outage()) { ... outage.end(); ... }}),
 *       serialised across test runs by {@link RabbitMqOutageLock}; an outage always ends on close,
 *       even when the test fails, and by a shutdown hook if the JVM exits while one is in progress
 *       (the broker is shared with the other test runs and benchmarks on the machine);</li>
 *   <li>{@link #depth} reads a queue's ready and unacknowledged messages with {@code rabbitmqctl},
 *       which is how a test sees that a message is delivered but not yet acknowledged;
 *       {@link #get} takes one message, {@link #deleteQuietly} removes a test's queues and exchanges.</li>
 * </ul>
 */
public final class LocalRabbitMq {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    public static final String URI = "amqp://guest:guest@127.0.0.1:5672";
    /** Starting the node or its application, on a loaded 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** One rabbitmqctl command that does not start anything. */
    static final Duration CTL_TIMEOUT = Duration.ofSeconds(20);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private LocalRabbitMq() {
    }

    /** Makes sure the broker answers AMQP: start_app if the node runs, else start the node. */
    public static synchronized void ensureRunning() {
        if (answersAmqp()) {
            return;
        }
        if (rabbitmqctl(START_TIMEOUT, "start_app").exit() != 0) {
            startNode();
        }
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(LocalRabbitMq::answersAmqp);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("RabbitMQ did not answer AMQP on " + HOST + ":" + PORT + " within "
                    + START_TIMEOUT.toSeconds() + " s of being started; see /var/log/rabbitmq", e);
        }
    }

    /**
     * Takes the broker away (stop_app) until {@link Outage#close()} brings it back (start_app).
     * Outages are serialised across processes by {@link RabbitMqOutageLock}, so that two test runs
     * on one machine never stop and start the broker under each other, nor under a run that holds
     * outages off (the bad-input run).
     */
    public static Outage outage() {
        ensureRunning();
        RabbitMqOutageLock lock = RabbitMqOutageLock.forOutage();
        Thread hook = new Thread(LocalRabbitMq::ensureRunning, "rabbitmq-outage-end");
        try {
            ensureRunning(); // another run's outage may have just ended
            Runtime.getRuntime().addShutdownHook(hook);
            stopApp();
        } catch (RuntimeException e) {
            try {
                ensureRunning();
                removeHook(hook); // up again: nothing left for the hook to do
            } catch (RuntimeException notBack) {
                e.addSuppressed(notBack); // the hook tries again when the JVM exits
            } finally {
                lock.close();
            }
            throw e;
        }
        return new Outage(lock, hook);
    }

    /** A broker outage in progress; closing it starts the broker again and releases the lock. */
    public static final class Outage implements AutoCloseable {
        private final RabbitMqOutageLock lock;
        /** Starts the broker again if the JVM exits during the outage; removed when it ends. */
        private final Thread hook;
        private boolean over;

        private Outage(RabbitMqOutageLock lock, Thread hook) {
            this.lock = lock;
            this.hook = hook;
        }

        /** Starts the broker again now; returns once it answers AMQP. */
        public void end() {
            if (!over) {
                over = true;
                ensureRunning();
                removeHook(hook);
            }
        }

        @Override
        public void close() {
            try {
                end();
            } finally {
                lock.close();
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) and starts the broker
        }
    }

    /** The broker goes away as in an outage: connections are closed, new ones refused. */
    private static synchronized void stopApp() {
        Ctl stop = rabbitmqctl(CTL_TIMEOUT, "stop_app");
        if (stop.exit() != 0) {
            throw new IllegalStateException("rabbitmqctl stop_app exited with " + stop.exit() + ": " + stop.output());
        }
        try {
            await().atMost(STOP_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> !accepting());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("RabbitMQ at " + HOST + ":" + PORT + " still accepts connections "
                    + STOP_TIMEOUT.toSeconds() + " s after stop_app", e);
        }
    }

    /**
     * A factory for the local broker. Automatic recovery is off, as Spring AMQP's own factories
     * have it: a test sees a lost connection instead of one mended behind its back (Spring's
     * {@code new CachingConnectionFactory(LocalRabbitMq.connectionFactory())} wraps it).
     */
    public static ConnectionFactory connectionFactory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(HOST);
        f.setPort(PORT);
        f.setUsername("guest");
        f.setPassword("guest");
        f.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    /** Whether something accepts TCP connections on the broker's port. */
    public static boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether an AMQP connection opens: the broker's application is up, not only its port. */
    private static boolean answersAmqp() {
        if (!accepting()) {
            return false;
        }
        try (Connection c = connectionFactory().newConnection("probe")) {
            return c.isOpen();
        } catch (Exception e) {
            return false;
        }
    }

    /** Ready and delivered-but-unacknowledged messages of a queue, as the broker counts them. */
    public record Depth(int ready, int unacknowledged) {
    }

    /** The queue's depth, or empty when there is no such queue. */
    public static Optional<Depth> depth(String queue) {
        Ctl list = rabbitmqctl(CTL_TIMEOUT, "list_queues", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged");
        if (list.exit() != 0) {
            throw new IllegalStateException("rabbitmqctl list_queues exited with " + list.exit() + ": " + list.output());
        }
        for (String line : list.output().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals(queue)) {
                return Optional.of(new Depth(Integer.parseInt(f[1]), Integer.parseInt(f[2])));
            }
        }
        return Optional.empty();
    }

    /** One message from a queue (acknowledged), or empty. */
    public static Optional<GetResponse> get(String queue) {
        try (Connection c = connectionFactory().newConnection("test-get"); Channel ch = c.createChannel()) {
            return Optional.ofNullable(ch.basicGet(queue, true));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read queue " + queue + ": " + e.getMessage(), e);
        }
    }

    /** Deletes test queues and exchanges; missing ones are fine, and so is a broker that is gone. */
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

    private static void startNode() {
        List<String> argv = List.of(command("rabbitmq-server"), "-detached");
        // -detached daemonises the node, which must outlive this test run: not a ManagedProcess
        // (its tree is destroyed on close), and its output discarded (the node would hold a pipe open).
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("rabbitmq-server -detached did not return within " + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (IOException e) {
            throw new IllegalStateException("RabbitMQ does not answer on " + HOST + ":" + PORT + " and cannot be started ("
                    + e.getMessage() + "): run provisioning/install.sh (it installs and starts RabbitMQ) or start a broker there"
                    + " with guest/guest", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Ctl started = rabbitmqctl(START_TIMEOUT, "await_startup");
        if (started.exit() != 0) {
            throw new IllegalStateException("RabbitMQ did not start (rabbitmqctl await_startup exited with " + started.exit() + "): "
                    + started.output());
        }
    }

    /** Debian installs RabbitMQ's commands in /usr/sbin, which a user's PATH may not hold. */
    private static String command(String name) {
        Path sbin = Path.of("/usr/sbin", name);
        return Files.isExecutable(sbin) ? sbin.toString() : name;
    }

    /** A rabbitmqctl command's exit code (-1: it did not finish in time) and its whole output. */
    private record Ctl(int exit, String output) {
    }

    private static Ctl rabbitmqctl(Duration timeout, String... args) {
        // The output goes to a file, not a pipe: rabbitmqctl may start Erlang's epmd daemon, which
        // would inherit a pipe and hold it open for ever; and a file keeps every line of a long list.
        try (ScratchDir dir = ScratchDir.create("rabbitmqctl-")) {
            Path out = dir.resolve("output");
            List<String> argv = new ArrayList<>(List.of(command("rabbitmqctl"), "-q"));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Ctl(-1, String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Ctl(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run rabbitmqctl " + String.join(" ", args)
                    + ": is RabbitMQ installed (provisioning/install.sh)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
