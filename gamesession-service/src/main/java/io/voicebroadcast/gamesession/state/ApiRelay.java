package io.voicebroadcast.gamesession.state;

import io.voicebroadcast.gamesession.broadcast.ActiveRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API on a standby (docs/state.md#two-instances): a request is written to the database
 * ({@code api_request}, its body sealed) and announced with {@code NOTIFY gamesession_api_request};
 * the active instance, LISTENing, takes each pending request in order, applies it through its own
 * API (a loopback call to itself, so the answer, a problem detail included, is exactly the one it
 * gives directly), writes the answer (sealed) and announces it with {@code NOTIFY
 * gamesession_api_answer}, which the standby waiting for it LISTENs to. Only the active instance
 * talks to the voice nodes.
 */
final class ApiRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiRelay.class);
    static final String REQUESTS = "gamesession_api_request";
    static final String ANSWERS = "gamesession_api_answer";
    /** Answered and expired requests are deleted after this long. */
    private static final Duration KEEP = Duration.ofMinutes(10);
    /** A standby waiting for an answer reads its row again this often, in case a notification was lost with a connection. */
    private static final long RECHECK_MS = 2000;

    /** What the active instance answered: the HTTP status, content type and body to give the caller. */
    record Answer(int status, String contentType, String body) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final SecretBox secrets;
    private final ActiveRole role;
    private final Supplier<String> selfUrl;
    private final String adminToken;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> daemon(r, "api-relay-apply"));
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection listening;

    ApiRelay(DataSource dataSource, JdbcTemplate jdbc, SecretBox secrets, ActiveRole role, Supplier<String> selfUrl, String adminToken,
             Duration timeout) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.role = role;
        this.selfUrl = selfUrl;
        this.adminToken = adminToken;
        this.timeout = timeout;
        this.listener = daemon(this::listen, "api-relay-listen");
        role.whenActive(this::takeOver);
        listener.start();
    }

    Duration timeout() {
        return timeout;
    }

    // ---- the standby's side ------------------------------------------------------------------

    /** Writes the request and waits for the active instance's answer (a 503 or 504 problem if none comes in time). */
    Answer relay(String path, String body) throws InterruptedException {
        Sealed sealed = secrets.seal(body);
        Long id = jdbc.queryForObject("WITH r AS (INSERT INTO api_request (path, body, body_key_id) VALUES (?, ?, ?) RETURNING id)"
                + " SELECT id FROM r, LATERAL (SELECT pg_notify('" + REQUESTS + "', r.id::text)) n", Long.class, path, sealed.value(),
                sealed.keyId());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                CompletableFuture<Void> told = new CompletableFuture<>();
                waiting.put(id, told); // before reading the row: an answer written after the read completes it
                Optional<Answer> answer = answerOf(id);
                if (answer.isPresent()) {
                    return answer.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return expired(id);
                }
                try {
                    told.get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK_MS), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException again) {
                    // read the row again
                }
            }
        } finally {
            waiting.remove(id);
        }
    }

    private Optional<Answer> answerOf(long id) {
        return jdbc.query("SELECT status, content_type, answer, answer_key_id FROM api_request WHERE id = ? AND state = 'answered'",
                (rs, n) -> new Answer(rs.getInt(1), rs.getString(2), secrets.open(new Sealed(rs.getString(4), rs.getBytes(3)))), id)
                .stream().findFirst();
    }

    /** Not answered in time: withdrawn if still pending (not applied), else the caller is told it may still take effect. */
    private Answer expired(long id) {
        int withdrawn = jdbc.update("UPDATE api_request SET state = 'expired', answered_at = now() WHERE id = ? AND state = 'pending'", id);
        if (withdrawn == 1) {
            log.warn("api relay: request {} not taken by an active instance within {} ms; withdrawn, not applied", id, timeout.toMillis());
            return problem(503, "No active GameSession instance took the request within " + timeout.toMillis()
                    + " ms (this instance is a standby); it was not applied. Try again.");
        }
        return answerOf(id).orElseGet(() -> problem(504, "The active GameSession instance took the request but did not answer within "
                + timeout.toMillis() + " ms; it may still take effect: ask for the broadcast's status."));
    }

    static Answer problem(int status, String detail) {
        String title = status == 503 ? "Service Unavailable" : status == 413 ? "Content Too Large" : "Gateway Timeout";
        return new Answer(status, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    // ---- the active instance's side ----------------------------------------------------------

    /** At the takeover: a request the previous active instance took and never answered is answered as such; then the pending ones are applied. */
    private void takeOver() {
        Sealed sealed = secrets.seal(problem(503, "The active GameSession instance stopped while applying the request;"
                + " it may or may not have taken effect: ask for the broadcast's status.").body());
        int orphans = jdbc.update("UPDATE api_request SET state = 'answered', status = 503, content_type = 'application/problem+json',"
                + " answer = ?, answer_key_id = ?, answered_at = now() WHERE state = 'taken'", sealed.value(), sealed.keyId());
        if (orphans > 0) {
            jdbc.execute("NOTIFY " + ANSWERS);
            log.warn("api relay: {} requests taken by the previous active instance were never answered; their callers are told", orphans);
        }
        applier.execute(this::applyPending);
    }

    /** Applies every pending request, oldest first, one at a time. */
    private void applyPending() {
        if (!role.isActive() || closed) {
            return;
        }
        try {
            while (true) {
                var next = jdbc.query("UPDATE api_request SET state = 'taken' WHERE id = (SELECT id FROM api_request WHERE state = 'pending'"
                        + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, path, body, body_key_id",
                        (rs, n) -> Map.entry(rs.getLong(1), new String[] {rs.getString(2),
                                secrets.open(new Sealed(rs.getString(4), rs.getBytes(3)))}));
                if (next.isEmpty()) {
                    break;
                }
                long id = next.get(0).getKey();
                Answer a = apply(next.get(0).getValue()[0], next.get(0).getValue()[1]);
                Sealed answer = secrets.seal(a.body());
                jdbc.update("UPDATE api_request SET state = 'answered', status = ?, content_type = ?, answer = ?, answer_key_id = ?,"
                        + " answered_at = now() WHERE id = ?", a.status(), a.contentType(), answer.value(), answer.keyId(), id);
                jdbc.queryForList("SELECT pg_notify('" + ANSWERS + "', ?)", String.valueOf(id));
                log.info("api relay: applied request {} of a standby ({} -> {})", id, next.get(0).getValue()[0], a.status());
            }
            jdbc.update("DELETE FROM api_request WHERE state IN ('answered', 'expired') AND answered_at < now() - make_interval(secs => ?)",
                    (double) KEEP.toSeconds());
        } catch (RuntimeException e) {
            log.error("api relay: applying the standby's requests failed ({}); trying again at the next one", e.getClass().getSimpleName());
        }
    }

    private Answer apply(String path, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(selfUrl.get() + path)).timeout(timeout)
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"), r.body());
        } catch (java.io.IOException e) {
            return problem(503, "The active GameSession instance could not apply the request: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(503, "The active GameSession instance stopped while applying the request.");
        }
    }

    // ---- notifications -----------------------------------------------------------------------

    private void listen() {
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + REQUESTS);
                    st.execute("LISTEN " + ANSWERS);
                }
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                applier.execute(this::applyPending); // anything written while this connection was not listening
                waiting.values().forEach(f -> f.complete(null));
                while (!closed) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got == null) {
                        continue;
                    }
                    boolean requests = false;
                    for (PGNotification n : got) {
                        if (REQUESTS.equals(n.getName())) {
                            requests = true;
                        } else {
                            answered(n.getParameter());
                        }
                    }
                    if (requests && role.isActive()) {
                        applier.execute(this::applyPending);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("api relay: listening for notifications failed ({}); listening again", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void answered(String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            waiting.values().forEach(f -> f.complete(null));
            return;
        }
        try {
            CompletableFuture<Void> f = waiting.get(Long.parseLong(parameter));
            if (f != null) {
                f.complete(null);
            }
        } catch (NumberFormatException ignored) {
            // not ours
        }
    }

    @Override
    public void close() {
        closed = true;
        applier.shutdownNow();
        listener.interrupt();
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
