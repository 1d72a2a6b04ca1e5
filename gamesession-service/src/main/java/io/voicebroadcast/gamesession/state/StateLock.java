package io.voicebroadcast.gamesession.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance at a time works on a database's state: the one holding a PostgreSQL session-level
 * advisory lock, on a connection of its own kept for the life of the process. Another instance
 * started on the same database waits in its start-up (a hot standby: not healthy, no API, no
 * consumer) until the lock is free, that is until the active one is gone (a SIGKILLed process's
 * connection closes and the lock with it), then loads the state and takes over. An active instance
 * whose lock connection breaks takes the lock again at once if it is still free, and otherwise
 * exits, so that two never act on the same broadcasts.
 */
final class StateLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateLock.class);
    /** The advisory lock's key (advisory locks are per database): any constant of our own. */
    static final long KEY = 0x766F696365L; // "voice"

    private final DataSource dataSource;
    private final Duration poll;
    private volatile Connection held;
    private volatile boolean closed;
    private Thread watchdog;

    private StateLock(DataSource dataSource, Duration poll) {
        this.dataSource = dataSource;
        this.poll = poll;
    }

    /** Waits for the lock (as long as it takes), then watches it every {@code poll}. */
    static StateLock acquire(DataSource dataSource, Duration poll) throws InterruptedException {
        StateLock lock = new StateLock(dataSource, poll);
        // A standby told to stop (SIGTERM) stops waiting: its start-up fails and the JVM exits.
        Thread waiting = Thread.currentThread();
        Thread stop = new Thread(waiting::interrupt, "state-lock-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            boolean told = false;
            while (!lock.tryTake()) {
                if (!told) {
                    log.info("state: another GameSession instance is active on this database; standing by until its lock is free");
                    told = true;
                }
                Thread.sleep(poll.toMillis());
            }
        } catch (InterruptedException e) {
            log.info("state: stopped while standing by");
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping already
            }
        }
        log.info("state: this instance is the active one (advisory lock {} held)", KEY);
        lock.watch();
        return lock;
    }

    private boolean tryTake() {
        try {
            Connection c = dataSource.getConnection();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                if (rs.next() && rs.getBoolean(1)) {
                    held = c;
                    return true;
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            log.warn("state: the lock could not be asked for ({}); asking again", e.getMessage());
            return false;
        }
    }

    private void watch() {
        watchdog = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(poll.toMillis());
                    if (!closed && !held.isValid(2)) {
                        lost();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException e) {
                    lost();
                }
            }
        }, "state-lock");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void lost() {
        quietly(held);
        if (tryTake()) {
            log.warn("state: the lock's connection broke; the lock was still free and is held again");
            return;
        }
        log.error("state: the lock's connection broke and the lock is not free again (another instance may be active): exiting");
        System.exit(70);
    }

    @Override
    public void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.interrupt();
        }
        quietly(held);
    }

    private static void quietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // going anyway
        }
    }
}
