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
 * One instance at a time is the active one on a database: the one holding a PostgreSQL
 * session-level advisory lock, on a connection of its own kept for the life of the process. Another
 * instance on the same database is a standby (it answers the API, passing the requests on through
 * the database) and waits for the lock in {@code pg_advisory_lock}, which returns the moment the
 * active one's connection closes (a SIGKILLed process's too): no polling, the takeover begins at
 * once. An active instance whose lock connection breaks takes the lock again at once if it is
 * still free, and otherwise exits, so that two never act on the same broadcasts.
 */
final class StateLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateLock.class);
    /** The advisory lock's key (advisory locks are per database): any constant of our own. */
    static final long KEY = 0x766F696365L; // "voice"

    private final DataSource dataSource;
    private final Duration poll;
    private volatile Connection held;
    private volatile Statement waiting;
    private volatile boolean closed;
    private Thread thread;

    private StateLock(DataSource dataSource, Duration poll) {
        this.dataSource = dataSource;
        this.poll = poll;
    }

    /** Asks for the lock once: {@link #held()} tells whether this instance is the active one. */
    static StateLock tryAcquire(DataSource dataSource, Duration poll) {
        StateLock lock = new StateLock(dataSource, poll);
        if (lock.tryTake()) {
            log.info("state: this instance holds the state's lock (advisory lock {})", KEY);
        } else {
            log.info("state: another GameSession instance is active on this database; standing by (answering the API) until its lock is free");
        }
        return lock;
    }

    boolean held() {
        return held != null;
    }

    /** Watches the lock held; or, for a standby, waits for it on a thread of its own and runs {@code onTaken} once it is held. */
    void keep(Runnable onTaken) {
        thread = new Thread(() -> {
            if (!held()) {
                if (!await()) {
                    return;
                }
                log.info("state: the lock is free and held now (advisory lock {}): taking over", KEY);
                onTaken.run();
            }
            watch();
        }, "state-lock");
        thread.setDaemon(true);
        thread.start();
    }

    /** Blocks in pg_advisory_lock until the lock is ours (true) or this lock is closed (false). */
    private boolean await() {
        while (!closed) {
            Connection c = null;
            try {
                c = dataSource.getConnection();
                try (Statement st = c.createStatement()) {
                    waiting = st;
                    st.execute("SELECT pg_advisory_lock(" + KEY + ")");
                }
                waiting = null;
                if (closed) {
                    quietly(c);
                    return false;
                }
                held = c;
                return true;
            } catch (SQLException e) {
                waiting = null;
                quietly(c);
                if (closed) {
                    return false;
                }
                log.warn("state: waiting for the lock failed ({}); waiting again", e.getMessage());
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException stop) {
                    return false;
                }
            }
        }
        return false;
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
            log.warn("state: the lock could not be asked for ({})", e.getMessage());
            return false;
        }
    }

    private void watch() {
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
        Statement st = waiting;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
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
