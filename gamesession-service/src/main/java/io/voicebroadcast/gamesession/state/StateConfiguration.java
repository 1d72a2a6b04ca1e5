package io.voicebroadcast.gamesession.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * checked first (GAMESESSION_SECRETS_KEY, required), then the schema is migrated (Flyway), then this
 * instance waits to be the active one ({@link StateLock}), then the stores replace the in-memory
 * state. Without it nothing here exists and the state is in memory.
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
        config.setMaximumPoolSize(5); // one of them holds the state lock
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

    /** Waits here, in the start-up, while another instance is active on the database (docs/state.md#one-active-instance). */
    @Bean(destroyMethod = "close")
    StateLock stateLock(HikariDataSource stateDataSource) throws InterruptedException {
        return StateLock.acquire(stateDataSource, LOCK_POLL);
    }

    /** Every store waits for the lock: nothing is loaded or written before this instance is the active one. */
    @Bean
    JdbcTemplate stateJdbc(HikariDataSource stateDataSource, StateLock stateLock) {
        return new JdbcTemplate(stateDataSource);
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
