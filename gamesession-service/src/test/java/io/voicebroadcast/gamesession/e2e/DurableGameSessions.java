package io.voicebroadcast.gamesession.e2e;

import io.voicebroadcast.gamesession.GameSessionServiceApplication;
import io.voicebroadcast.gamesession.testing.TestDatabase;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.ServiceProcess;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * GameSession services with their state in a PostgreSQL database of the test class's own, started
 * as processes from the class's {@link E2eFixture} environment. After the class (registered after
 * the fixture, so it runs first): the services closed, then the fixture's queues and exchanges
 * (and {@code extraExchanges}) deleted and the database dropped, so nothing connects to the
 * database or declares the queues again. In the test class:
 * {@code @RegisterExtension static final DurableGameSessions services = new DurableGameSessions(e2e);}
 */
final class DurableGameSessions implements BeforeAllCallback, AfterAllCallback {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(20);

    private final E2eFixture e2e;
    private final List<String> extraExchanges;
    private final List<ServiceProcess> started = new CopyOnWriteArrayList<>();
    private TestDatabase db;

    DurableGameSessions(E2eFixture e2e, String... extraExchanges) {
        this.e2e = e2e;
        this.extraExchanges = List.of(extraExchanges);
    }

    /** A new 256-bit secrets key, Base64. */
    static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = TestDatabase.create();
    }

    TestDatabase db() {
        return db;
    }

    /** A GameSession service on {@code port} with the fixture's environment, the database, and {@code extra} on top. */
    ServiceProcess start(int port, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(e2e.environment());
        env.put("SPRING_DATASOURCE_URL", db.url());
        env.put("SPRING_DATASOURCE_USERNAME", TestDatabase.USER);
        env.putAll(extra);
        ServiceProcess gs = ServiceProcess.startMainClass("gamesession-service", GameSessionServiceApplication.class.getName(), port, env,
                List.of());
        started.add(gs);
        return gs;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        started.forEach(ServiceProcess::close);
        List<String> exchanges = new ArrayList<>(List.of(e2e.queues.exchange(), e2e.queues.deadLetterExchange()));
        exchanges.addAll(extraExchanges);
        LocalRabbitMq.deleteQuietly(List.of(e2e.queues.queue(), e2e.queues.deadLetterQueue()), exchanges);
        if (db != null) {
            db.close();
        }
    }
}
