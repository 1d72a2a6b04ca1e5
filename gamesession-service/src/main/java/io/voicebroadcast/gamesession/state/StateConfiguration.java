package io.voicebroadcast.gamesession.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.gamesession.broadcast.ActiveRole;
import java.time.Duration;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import io.voicebroadcast.gamesession.broadcast.BroadcastStore;
import io.voicebroadcast.gamesession.camera.CameraStore;
import io.voicebroadcast.gamesession.config.GameSessionProperties;
import io.voicebroadcast.gamesession.events.ProcessedEventIds;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With SPRING_DATASOURCE_URL set, the state is in PostgreSQL (docs/state.md): the secrets' keys are
 * checked first (GAMESESSION_SECRETS_KEY, required), then the schema is migrated (Flyway), the
 * stores replace the in-memory state, and this instance is the active one if it holds the state's
 * lock ({@link StateLock}), else a standby passing the API's requests on ({@link ApiRelay}). Without it nothing here exists and the state is in memory.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url")
class StateConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StateConfiguration.class);
    /** How often a standby asks for the lock, and the active one checks it still holds it. */
    private static final java.time.Duration LOCK_POLL = java.time.Duration.ofMillis(500);
    /** A database not answering yet is asked again, every 1 s then 2 s, for about a minute before start-up stops. */
    private static final int CONNECT_RETRIES = 30;

    @Bean
    SecretBox secretBox(Environment env) {
        SecretBox box = SecretBox.fromSettings(env.getProperty("gamesession.secrets-key"), env.getProperty("gamesession.secrets-key-id"),
                env.getProperty("gamesession.secrets-previous-keys"));
        log.info("state: secrets sealed with AES-256-GCM under key id {}", box.currentKeyId());
        return box;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource stateDataSource(Environment env, SecretBox secrets) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(checkedUrl(env.getProperty("spring.datasource.url")));
        config.setUsername(env.getProperty("spring.datasource.username", "postgres"));
        config.setPassword(env.getProperty("spring.datasource.password"));
        config.setMaximumPoolSize(6); // one holds (or waits for) the state lock, one listens for notifications
        config.setPoolName("gamesession-state");
        config.setInitializationFailTimeout(-1); // the database may start after this service: Flyway waits for it below
        HikariDataSource ds = new HikariDataSource(config);
        try {
            var result = Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .connectRetries(CONNECT_RETRIES).connectRetriesInterval(2).load().migrate();
            log.info("state: PostgreSQL schema migrated ({} migrations applied now, {} the latest)", result.migrationsExecuted,
                    result.targetSchemaVersion == null ? "already" : "version " + result.targetSchemaVersion);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return ds;
    }

    /** The URL is logged (Flyway names the database it migrates): a password has its own setting. */
    static String checkedUrl(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new StateSettingException("SPRING_DATASOURCE_URL must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
        }
        if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new StateSettingException("SPRING_DATASOURCE_URL must not carry the password (the URL is logged):"
                    + " give it in SPRING_DATASOURCE_PASSWORD");
        }
        return url;
    }

    /** Asked for once here; a standby waits for it after the start-up (docs/state.md#two-instances). */
    @Bean(destroyMethod = "close")
    StateLock stateLock(HikariDataSource stateDataSource) {
        return StateLock.tryAcquire(stateDataSource, LOCK_POLL);
    }

    /**
     * The instance holding the lock takes over before it reports itself ready (its broadcasts
     * adopted, its consumer started); a standby is ready at once (it answers the API through the
     * database) and takes over the moment the lock is free. A takeover that fails leaves no
     * instance half active: it exits (status 70) for its supervisor to start it again.
     */
    @Bean
    ApplicationRunner takeover(StateLock lock, ActiveRole role, MeterRegistry meters) {
        Gauge.builder("gamesession.active", role, r -> r.isActive() ? 1 : 0)
                .description("1 on the active instance (reconciles, consumes, applies the API), 0 on a standby").register(meters);
        return args -> {
            if (lock.held()) {
                role.take();
            }
            lock.keep(() -> {
                try {
                    role.take();
                } catch (RuntimeException e) {
                    log.error("state: the takeover failed; exiting so that no instance is half active", e);
                    System.exit(70);
                }
            });
        };
    }

    @Bean
    JdbcTemplate stateJdbc(HikariDataSource stateDataSource) {
        return new JdbcTemplate(stateDataSource);
    }

    /** A standby's API: its requests written to the database and applied by the active instance (LISTEN/NOTIFY). */
    @Bean(destroyMethod = "close")
    ApiRelay apiRelay(HikariDataSource stateDataSource, JdbcTemplate stateJdbc, SecretBox secrets, ActiveRole role, Environment env,
                      GameSessionProperties p) {
        Duration timeout = Duration.ofMillis(env.getProperty("gamesession.relay-timeout-ms", Long.class, 30_000L));
        String host = env.getProperty("server.address", "127.0.0.1");
        String self = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return new ApiRelay(stateDataSource, stateJdbc, secrets, role, () -> "http://" + self + ":" + env.getProperty("local.server.port"),
                p.adminToken(), timeout);
    }

    /** After each takeover, every secret still sealed under an older key is sealed again under the current one (in the background). */
    @Bean
    Reseal reseal(JdbcTemplate stateJdbc, SecretBox secrets, ActiveRole role) {
        Reseal reseal = new Reseal(stateJdbc, secrets);
        role.whenActive(() -> {
            Thread t = new Thread(() -> {
                try {
                    reseal.run();
                } catch (RuntimeException e) {
                    log.error("state: sealing the stored secrets again under the current key failed ({}); tried again at the next start",
                            e.getClass().getSimpleName());
                }
            }, "state-reseal");
            t.setDaemon(true);
            t.start();
        });
        return reseal;
    }

    /** After the admin token's check (order 1). */
    @Bean
    FilterRegistrationBean<ApiRelayFilter> apiRelayFilter(ActiveRole role, ApiRelay relay) {
        FilterRegistrationBean<ApiRelayFilter> reg = new FilterRegistrationBean<>(new ApiRelayFilter(role, relay));
        reg.addUrlPatterns("/gamesession/*");
        reg.setOrder(2);
        return reg;
    }

    @Bean
    BroadcastStore broadcastStore(JdbcTemplate stateJdbc, HikariDataSource stateDataSource, SecretBox secrets) {
        return new JdbcBroadcastStore(stateJdbc, new TransactionTemplate(new DataSourceTransactionManager(stateDataSource)), secrets);
    }

    @Bean
    CameraStore cameraStore(JdbcTemplate stateJdbc, SecretBox secrets) {
        return new JdbcCameraStore(stateJdbc, secrets);
    }

    @Bean
    ProcessedEventIds processedEventIds(JdbcTemplate stateJdbc, GameSessionProperties p) {
        return new JdbcProcessedEvents(stateJdbc, p.processedEventIdsCapacity());
    }
}
