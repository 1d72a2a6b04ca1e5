package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest) for tests and the benchmark: started when it
 * is down, and taken away and brought back with {@code rabbitmqctl stop_app} / {@code start_app} to
 * simulate an outage ({@code try (var outage = RabbitMqBroker.outage()) { ... outage.end(); ... }}).
 * The node itself keeps running; an outage is always ended on close, even when the caller fails,
 * and by a shutdown hook if the JVM exits while one is in progress (the broker is shared with the
 * other test runs on the machine).
 */
public final class RabbitMqBroker {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private RabbitMqBroker() {
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
        Thread hook = new Thread(RabbitMqBroker::ensureRunning, "rabbitmq-outage-end");
        try {
            ensureRunning(); // another run's outage may have just ended
            Runtime.getRuntime().addShutdownHook(hook);
            stopApp();
        } catch (RuntimeException e) {
            try {
                removeHook(hook);
                ensureRunning();
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
        private final Thread hook;
        private boolean over;

        private Outage(RabbitMqOutageLock lock, Thread hook) {
            this.lock = lock;
            this.hook = hook;
        }

        /** Starts the broker again now; returns once it accepts connections. */
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
        int exit = rabbitmqctl("stop_app");
        if (exit != 0) {
            throw new IllegalStateException("rabbitmqctl stop_app exited with " + exit);
        }
        awaitAccepting(false, STOP_TIMEOUT);
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
        // Not a ManagedProcess: -detached daemonises the node, which must outlive this run.
        try {
            Process p = new ProcessBuilder("rabbitmq-server", "-detached").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
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
