package io.voicebroadcast.gamesession.state;

import io.voicebroadcast.gamesession.broadcast.BroadcastConfig;
import io.voicebroadcast.gamesession.broadcast.BroadcastRecord;
import io.voicebroadcast.gamesession.broadcast.BroadcastStore;
import io.voicebroadcast.gamesession.broadcast.Replacement;
import io.voicebroadcast.gamesession.voice.StreamDestination;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The broadcasts in PostgreSQL: tables {@code broadcast} (configuration and orchestration state),
 * {@code broadcast_destination} and {@code placement}; every URL sealed by the {@link SecretBox}.
 * One transaction per save, so a crash leaves either the old or the new broadcast.
 */
final class JdbcBroadcastStore implements BroadcastStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretBox secrets;

    JdbcBroadcastStore(JdbcTemplate jdbc, TransactionTemplate tx, SecretBox secrets) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.secrets = secrets;
    }

    @Override
    public void save(BroadcastRecord r) {
        BroadcastConfig c = r.config();
        Sealed fallbackStream = secrets.seal(c.fallbackStreamUrl());
        Sealed fallbackImage = secrets.seal(c.fallbackImageUrl());
        tx.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO broadcast (session_id, voice_room_id, fallback_stream_url, fallback_stream_key_id, fallback_image_url,
                        fallback_image_key_id, camera_preference, layout, slot_camera_preferences, target, room_id, room_created_here,
                        manual_camera, manual_slots, on_air, camera_on_air, slot_cameras_on_air, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb, now())
                    ON CONFLICT (session_id) DO UPDATE SET voice_room_id = excluded.voice_room_id,
                        fallback_stream_url = excluded.fallback_stream_url, fallback_stream_key_id = excluded.fallback_stream_key_id,
                        fallback_image_url = excluded.fallback_image_url, fallback_image_key_id = excluded.fallback_image_key_id,
                        camera_preference = excluded.camera_preference, layout = excluded.layout,
                        slot_camera_preferences = excluded.slot_camera_preferences, target = excluded.target, room_id = excluded.room_id,
                        room_created_here = excluded.room_created_here, manual_camera = excluded.manual_camera,
                        manual_slots = excluded.manual_slots, on_air = excluded.on_air, camera_on_air = excluded.camera_on_air,
                        slot_cameras_on_air = excluded.slot_cameras_on_air, updated_at = excluded.updated_at
                    """, r.sessionId(), c.voiceRoomId(), value(fallbackStream), keyId(fallbackStream), value(fallbackImage),
                    keyId(fallbackImage), Json.strings(c.cameraPreference()), c.layout(), Json.lists(c.slotCameraPreferences()), r.target(),
                    r.roomId(), r.roomCreatedHere(), Json.key(r.manualCamera()), Json.slots(r.manualSlots()), r.onAir(),
                    Json.key(r.cameraOnAir()), Json.keys(r.slotCamerasOnAir()));
            jdbc.update("DELETE FROM broadcast_destination WHERE session_id = ?", r.sessionId());
            List<StreamDestination> destinations = c.destinations();
            for (int i = 0; i < destinations.size(); i++) {
                Sealed url = secrets.seal(destinations.get(i).url());
                jdbc.update("INSERT INTO broadcast_destination (session_id, position, destination_id, url, url_key_id) VALUES (?, ?, ?, ?, ?)",
                        r.sessionId(), i, destinations.get(i).id(), url.value(), url.keyId());
            }
            Replacement moved = r.lastReplacement();
            jdbc.update("""
                    INSERT INTO placement (session_id, node_id, epoch, placed_at, replaced_from, replaced_at, replaced_reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (session_id) DO UPDATE SET node_id = excluded.node_id, epoch = excluded.epoch, placed_at = excluded.placed_at,
                        replaced_from = excluded.replaced_from, replaced_at = excluded.replaced_at, replaced_reason = excluded.replaced_reason
                    """, r.sessionId(), r.nodeId(), r.epoch(), timestamp(r.placedAt()), moved == null ? null : moved.fromNode(),
                    moved == null ? null : timestamp(moved.at()), moved == null ? null : moved.reason());
        });
    }

    @Override
    public void delete(UUID sessionId) {
        jdbc.update("DELETE FROM broadcast WHERE session_id = ?", sessionId);
    }

    @Override
    public List<BroadcastRecord> loadAll() {
        Map<UUID, List<StreamDestination>> destinations = new HashMap<>();
        jdbc.query("SELECT session_id, destination_id, url, url_key_id FROM broadcast_destination ORDER BY session_id, position", rs -> {
            destinations.computeIfAbsent(rs.getObject("session_id", UUID.class), id -> new ArrayList<>())
                    .add(new StreamDestination(rs.getString("destination_id"), open(rs, "url", "url_key_id")));
        });
        return jdbc.query("""
                SELECT b.*, p.node_id, p.epoch, p.placed_at, p.replaced_from, p.replaced_at, p.replaced_reason
                FROM broadcast b LEFT JOIN placement p USING (session_id) ORDER BY b.session_id
                """, (rs, n) -> {
            UUID session = rs.getObject("session_id", UUID.class);
            BroadcastConfig config = new BroadcastConfig(session, destinations.getOrDefault(session, List.of()),
                    open(rs, "fallback_stream_url", "fallback_stream_key_id"), open(rs, "fallback_image_url", "fallback_image_key_id"),
                    Json.strings(rs.getString("camera_preference")), rs.getObject("voice_room_id", UUID.class), rs.getString("layout"),
                    Json.lists(rs.getString("slot_camera_preferences")));
            String from = rs.getString("replaced_from");
            return new BroadcastRecord(config, rs.getString("target"), rs.getObject("room_id", UUID.class), rs.getBoolean("room_created_here"),
                    rs.getString("node_id"), rs.getLong("epoch"), instant(rs.getTimestamp("placed_at")),
                    from == null ? null : new Replacement(from, instant(rs.getTimestamp("replaced_at")), rs.getString("replaced_reason")),
                    Json.key(rs.getString("manual_camera")), Json.slots(rs.getString("manual_slots")), rs.getBoolean("on_air"),
                    Json.key(rs.getString("camera_on_air")), Json.keys(rs.getString("slot_cameras_on_air")));
        });
    }

    private String open(ResultSet rs, String column, String keyColumn) throws SQLException {
        byte[] value = rs.getBytes(column);
        return value == null ? null : secrets.open(new Sealed(rs.getString(keyColumn), value));
    }

    private static byte[] value(Sealed s) {
        return s == null ? null : s.value();
    }

    private static String keyId(Sealed s) {
        return s == null ? null : s.keyId();
    }

    static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
