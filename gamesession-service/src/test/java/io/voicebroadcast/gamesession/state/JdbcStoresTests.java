package io.voicebroadcast.gamesession.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.voicebroadcast.gamesession.broadcast.BroadcastConfig;
import io.voicebroadcast.gamesession.broadcast.BroadcastRecord;
import io.voicebroadcast.gamesession.broadcast.Replacement;
import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.CameraState;
import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.testing.TestDatabase;
import io.voicebroadcast.gamesession.voice.StreamDestination;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The stores against the machine's real PostgreSQL, in a database of their own (migrated by Flyway as at start-up). */
class JdbcStoresTests {

    static final String KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static final String SRT_PASS = "pass" + UUID.randomUUID().toString().replace("-", "");
    static TestDatabase db;
    static HikariDataSource ds;
    static JdbcTemplate jdbc;
    static SecretBox secrets = SecretBox.fromSettings(SecretBoxTests.newKey(), "k1", null);

    @BeforeAll
    static void database() {
        db = TestDatabase.create();
        ds = db.migratedPool(10);
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

    JdbcBroadcastStore broadcasts(SecretBox box) {
        return new JdbcBroadcastStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)), box);
    }

    @Test
    void aBroadcast_isLoadedBackAsSaved_andNoSecretIsInTheDatabaseInClear() {
        UUID session = UUID.randomUUID();
        CameraKey main = new CameraKey(UUID.randomUUID(), "race-cam-main");
        CameraKey inset = new CameraKey(UUID.randomUUID(), "crowd-cam");
        BroadcastConfig config = new BroadcastConfig(session, List.of(new StreamDestination("d1", "rtmp://live.example.com/app/" + KEY),
                new StreamDestination("srt", "srt://ingest.example.com:9000?streamid=abc&passphrase=" + SRT_PASS)),
                "rtmp://backup.example.com/live/backup?token=" + KEY, "https://cdn.example.com/img.jpg?sig=" + KEY,
                List.of("race-cam-main", "crowd-cam"), null, "pip", List.of(List.of("crowd-cam")));
        Instant placed = Instant.now().truncatedTo(ChronoUnit.MICROS);
        BroadcastRecord saved = new BroadcastRecord(config, "broadcast", UUID.randomUUID(), true, "node-a", 3, placed,
                new Replacement("node-b", placed.minusSeconds(5), Replacement.NODE_LOST), null, Map.of(1, inset), true, main,
                Arrays.asList(inset));

        broadcasts(secrets).save(saved);
        broadcasts(secrets).save(saved); // an update in place

        assertThat(broadcasts(secrets).loadAll()).filteredOn(r -> r.sessionId().equals(session)).containsExactly(saved);
        assertThat(db.dump()).contains("node-a").doesNotContain(KEY).doesNotContain(SRT_PASS).doesNotContain("live.example.com")
                .doesNotContain("backup.example.com");

        broadcasts(secrets).delete(session);
        assertThat(broadcasts(secrets).loadAll()).noneMatch(r -> r.sessionId().equals(session));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM broadcast_destination WHERE session_id = ?", Long.class, session)).isZero();
    }

    @Test
    void afterAKeyRotation_olderValuesStillLoad() {
        String oldKey = SecretBoxTests.newKey();
        UUID session = UUID.randomUUID();
        BroadcastConfig config = new BroadcastConfig(session, List.of(new StreamDestination("d1", "rtmp://live.example.com/app/" + KEY)), null,
                null, List.of(), null);
        BroadcastRecord saved = new BroadcastRecord(config.withLayout(null, null), "wait_for_camera", null, false, null, 0, null, null, null,
                Map.of(), false, null, List.of());
        broadcasts(SecretBox.fromSettings(oldKey, "old", null)).save(saved);

        SecretBox rotated = SecretBox.fromSettings(SecretBoxTests.newKey(), "new", "old:" + oldKey);

        assertThat(broadcasts(rotated).loadAll()).filteredOn(r -> r.sessionId().equals(session)).singleElement()
                .satisfies(r -> assertThat(r.config().rtmpOutputUrl()).isEqualTo(config.rtmpOutputUrl()));
        assertThat(jdbc.queryForObject("SELECT url_key_id FROM broadcast_destination WHERE session_id = ?", String.class, session))
                .isEqualTo("old");
    }

    @Test
    void afterAKeyRotation_theResealMovesEveryStoredSecretToTheNewKey_soTheOldOneCanBeDropped() {
        clearSealedTables(); // the other tests' rows are under other keys
        String oldKey = SecretBoxTests.newKey();
        String newKey = SecretBoxTests.newKey();
        SecretBox old = SecretBox.fromSettings(oldKey, "old", null);
        UUID session = UUID.randomUUID();
        BroadcastConfig config = new BroadcastConfig(session, List.of(new StreamDestination("d1", "rtmp://live.example.com/app/" + KEY)),
                "rtmp://backup.example.com/live/b?token=" + KEY, "https://cdn.example.com/i.jpg?sig=" + KEY, List.of(), null);
        BroadcastRecord saved = new BroadcastRecord(config.withLayout(null, null), "wait_for_camera", null, false, null, 0, null, null, null,
                Map.of(), false, null, List.of());
        broadcasts(old).save(saved);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Camera cam = new Camera(new CameraKey(UUID.randomUUID(), "cam-rotated"), session, "rtmp://cams.example.com/live/play_" + KEY, null,
                List.of(), CameraState.LIVE, t, t, null);
        new JdbcCameraStore(jdbc, old).save(cam);
        Sealed body = old.seal("{\"sessionId\":\"" + session + "\"}");
        jdbc.update("INSERT INTO api_request (path, body, body_key_id) VALUES ('/gamesession/broadcast/status', ?, ?)", body.value(),
                body.keyId());

        SecretBox rotated = SecretBox.fromSettings(newKey, "new", "old:" + oldKey);
        assertThat(new Reseal(jdbc, rotated).run()).isEqualTo(5);
        assertThat(new Reseal(jdbc, rotated).run()).as("nothing left").isZero();

        for (Reseal.Column c : Reseal.SEALED) {
            assertThat(jdbc.queryForList("SELECT DISTINCT " + c.keyId() + " FROM " + c.table() + " WHERE " + c.keyId() + " IS NOT NULL",
                    String.class)).as(c.toString()).doesNotContain("old");
        }
        SecretBox newOnly = SecretBox.fromSettings(newKey, "new", null);
        assertThat(broadcasts(newOnly).loadAll()).filteredOn(r -> r.sessionId().equals(session)).containsExactly(saved);
        assertThat(new JdbcCameraStore(jdbc, newOnly).loadAll()).contains(cam);
        assertThat(db.dump()).doesNotContain(KEY);
        clearSealedTables(); // nor do the other tests know this one's keys
    }

    private static void clearSealedTables() {
        for (String table : List.of("broadcast", "camera", "api_request")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @Test
    void cameras_areLoadedBackAsSaved_endedOnesForgottenAfterTheirRetention() {
        JdbcCameraStore store = new JdbcCameraStore(jdbc, secrets);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Camera live = new Camera(new CameraKey(UUID.randomUUID(), "cam-live"), UUID.randomUUID(), "rtmp://cams.example.com/live/play_" + KEY,
                "Live", List.of("ptz"), CameraState.LIVE, t, t, null);
        Camera ended = new Camera(new CameraKey(UUID.randomUUID(), "cam-ended"), null, "rtmp://cams.example.com/live/x", null, List.of(),
                CameraState.ENDED, t.minusSeconds(600), t.minusSeconds(300), EndReason.GAME_ENDED);
        store.save(live);
        store.save(ended);

        assertThat(store.loadAll()).contains(live, ended);
        assertThat(db.dump()).doesNotContain(KEY).doesNotContain("cams.example.com");

        store.forgetEndedBefore(t.minusSeconds(60));
        assertThat(store.loadAll()).contains(live).doesNotContain(ended);
    }

    @Test
    void processedEventIds_areBounded_oldestForgottenFirst() {
        jdbc.update("DELETE FROM processed_event");
        JdbcProcessedEvents ids = new JdbcProcessedEvents(jdbc, 100);
        List<UUID> events = java.util.stream.Stream.generate(UUID::randomUUID).limit(150).toList();
        events.forEach(ids::add);
        ids.add(events.get(149)); // a duplicate changes nothing

        assertThat(ids.contains(events.get(0))).isFalse();
        assertThat(ids.contains(events.get(49))).isFalse();
        assertThat(ids.contains(events.get(50))).isTrue();
        assertThat(ids.contains(events.get(149))).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class)).isEqualTo(100);
    }
}
