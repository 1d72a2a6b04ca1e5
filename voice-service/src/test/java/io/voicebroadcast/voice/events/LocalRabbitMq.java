package io.voicebroadcast.voice.events;

import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.RabbitMqOutageLock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest) for tests: started when it is down, and
 * taken away and brought back with {@code rabbitmqctl stop_app} / {@code start_app} to simulate an
 * outage ({@code try (var outage = LocalRabbitMq.outage()) { ... outage.end(); ... }}). The node
 * itself keeps running between tests; an outage is always ended on close, even when the test fails.
 */
public final class LocalRabbitMq {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private LocalRabbitMq() {
    }

    /** Makes sure the broker accepts connections: start_app if the node runs, else start the node. */
    public static synchronized void ensureRunning() {
        if (accepting()) {
            return;
        }
        if (rabbitmqctl("start_app") != 0) {
            startNode();
        }
        awaitAccepting(true, COMMAND_TIMEOUT);
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
        try {
            ensureRunning(); // another run's outage may have just ended
            stopApp();
        } catch (RuntimeException e) {
            try {
                ensureRunning();
            } finally {
                lock.close();
            }
            throw e;
        }
        return new Outage(lock);
    }

    /** A broker outage in progress; closing it starts the broker again and releases the lock. */
    public static final class Outage implements AutoCloseable {
        private final RabbitMqOutageLock lock;
        private boolean over;

        private Outage(RabbitMqOutageLock lock) {
            this.lock = lock;
        }

        /** Starts the broker again now; returns once it accepts connections. */
        public void end() {
            if (!over) {
                over = true;
                ensureRunning();
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

    /** The broker goes away as in an outage: connections are closed, new ones refused. */
    static synchronized void stopApp() {
        int exit = rabbitmqctl("stop_app");
        if (exit != 0) {
            throw new IllegalStateException("rabbitmqctl stop_app exited with " + exit);
        }
        awaitAccepting(false, Duration.ofSeconds(10));
    }

    /** A connection factory with correlated publisher confirms, as the service configures it. */
    public static CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory cf = new CachingConnectionFactory(HOST, PORT);
        cf.setUsername("guest");
        cf.setPassword("guest");
        cf.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        cf.setConnectionTimeout(5000);
        return cf;
    }

    public static boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void startNode() {
        // Not a ManagedProcess: -detached daemonises the node, which must outlive this test run.
        try {
            Process p = new ProcessBuilder("rabbitmq-server", "-detached").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("rabbitmq-server -detached did not return");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start rabbitmq-server: is RabbitMQ installed (provisioning/install.sh)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int exit = rabbitmqctl("await_startup");
        if (exit != 0) {
            throw new IllegalStateException("RabbitMQ did not start (rabbitmqctl await_startup exited with " + exit + ")");
        }
    }

    private static int rabbitmqctl(String command) {
        try (ManagedProcess p = ManagedProcess.start("rabbitmqctl-" + command, List.of("rabbitmqctl", "-q", command))) {
            int exit = p.waitFor(COMMAND_TIMEOUT);
            if (exit != 0) {
                System.err.println("rabbitmqctl " + command + " exited with " + exit + ":\n" + p.tail());
            }
            return exit;
        }
    }

    private static void awaitAccepting(boolean expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepting() != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("RabbitMQ at " + HOST + ":" + PORT + " still " + (expected ? "refuses" : "accepts")
                        + " connections after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
