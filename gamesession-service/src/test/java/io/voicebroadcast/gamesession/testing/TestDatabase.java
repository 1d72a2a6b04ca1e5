package io.voicebroadcast.gamesession.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust), created
 * for one test class and dropped on {@link #close()}, with whatever still connects to it.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    public static TestDatabase create() {
        String name = "gamesession_test_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, null);
    }

    /** The database as {@code pg_dump} writes it: schema and every row. */
    /** A connection pool on this database with the service's migrations applied; the caller closes it. */
    public HikariDataSource migratedPool(int maximumPoolSize) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url());
        ds.setUsername(USER);
        ds.setMaximumPoolSize(maximumPoolSize);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    public String dump() {
        try {
            Process p = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", USER, "--no-owner", name).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg_dump failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + SERVER + " (PostgreSQL 15 with trust for " + USER
                    + " on 127.0.0.1: provisioning/install.sh): " + e.getMessage(), e);
        }
    }
}
