package io.voicebroadcast.gamesession.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.voicebroadcast.gamesession.broadcast.ActiveRole;
import io.voicebroadcast.gamesession.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The standby's API relay against the machine's real PostgreSQL (LISTEN/NOTIFY): a request is
 * applied by the active side and its answer given as it is; with no active instance it is
 * withdrawn (503, not applied); the stored body is sealed.
 */
class ApiRelayTests {

    static final String KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static TestDatabase db;
    static HikariDataSource ds;
    static JdbcTemplate jdbc;
    static final SecretBox secrets = SecretBox.fromSettings(SecretBoxTests.newKey(), "k1", null);

    @BeforeAll
    static void database() {
        db = TestDatabase.create();
        ds = db.migratedPool(6);
        jdbc = new JdbcTemplate(ds);
    }

    @AfterAll
    static void drop() {
        if (ds != null) {
            ds.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void withNoActiveInstance_theRequestIsWithdrawn_notApplied() throws Exception {
        jdbc.update("DELETE FROM api_request"); // the other test's, answered
        try (ApiRelay standby = new ApiRelay(ds, jdbc, secrets, ActiveRole.standby(), () -> "http://127.0.0.1:9", "token-123456",
                Duration.ofMillis(500))) {
            ApiRelay.Answer a = standby.relay("/gamesession/broadcast/status", "{}");

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.body()).contains("was not applied");
            assertThat(jdbc.queryForList("SELECT state FROM api_request", String.class)).containsOnly("expired");
        }
    }

    @Test
    void aStandbysRequest_isAppliedByTheActiveInstance_toldByNotify_andItsAnswerGivenAsItIs() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer self = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        self.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] answer = "{\"type\":\"about:blank\",\"status\":404}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        self.start();
        String url = "http://127.0.0.1:" + self.getAddress().getPort();
        try (ApiRelay active = new ApiRelay(ds, jdbc, secrets, ActiveRole.alone(), () -> url, "token-123456", Duration.ofSeconds(5));
             ApiRelay standby = new ApiRelay(ds, jdbc, secrets, ActiveRole.standby(), () -> "http://127.0.0.1:9", "token-123456",
                     Duration.ofSeconds(10))) {
            String body = "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"rtmpOutputUrl\":\"rtmp://live.example.com/app/" + KEY + "\"}";
            long began = System.nanoTime();
            ApiRelay.Answer a = standby.relay("/gamesession/broadcast/configure", body);
            long ms = (System.nanoTime() - began) / 1_000_000;

            assertThat(a.status()).isEqualTo(404);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.body()).contains("\"status\":404");
            assertThat(seen).containsExactly("/gamesession/broadcast/configure Bearer token-123456 " + body);
            assertThat(ms).as("answered through NOTIFY, not a poll (ms)").isLessThan(2000);
            assertThat(db.dump()).doesNotContain(KEY).doesNotContain("live.example.com");
        } finally {
            self.stop(0);
        }
    }
}
