package io.voicebroadcast.gamesession.state;

import io.voicebroadcast.gamesession.camera.Camera;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.CameraState;
import io.voicebroadcast.gamesession.camera.CameraStore;
import io.voicebroadcast.gamesession.camera.EndReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** The camera registry in PostgreSQL (table {@code camera}); a camera's URL, which may carry a play key, sealed. */
final class JdbcCameraStore implements CameraStore {

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;

    JdbcCameraStore(JdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public void save(Camera c) {
        Sealed url = secrets.seal(c.rtmpUrl());
        jdbc.update("""
                INSERT INTO camera (game_instance_id, camera_id, session_id, rtmp_url, rtmp_url_key_id, display_name, capabilities, state,
                    started_at, last_event_at, end_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (game_instance_id, camera_id) DO UPDATE SET session_id = excluded.session_id, rtmp_url = excluded.rtmp_url,
                    rtmp_url_key_id = excluded.rtmp_url_key_id, display_name = excluded.display_name, capabilities = excluded.capabilities,
                    state = excluded.state, started_at = excluded.started_at, last_event_at = excluded.last_event_at,
                    end_reason = excluded.end_reason
                """, c.gameInstanceId(), c.cameraId(), c.sessionId(), url.value(), url.keyId(), c.displayName(), Json.strings(c.capabilities()),
                c.state().name(), JdbcBroadcastStore.timestamp(c.startedAt()), JdbcBroadcastStore.timestamp(c.lastEventAt()),
                c.endReason() == null ? null : c.endReason().name());
    }

    @Override
    public void forgetEndedBefore(Instant cutoff) {
        jdbc.update("DELETE FROM camera WHERE state = ? AND last_event_at < ?", CameraState.ENDED.name(), JdbcBroadcastStore.timestamp(cutoff));
    }

    @Override
    public List<Camera> loadAll() {
        return jdbc.query("SELECT * FROM camera ORDER BY started_at", (rs, n) -> {
            String end = rs.getString("end_reason");
            return new Camera(new CameraKey(rs.getObject("game_instance_id", UUID.class), rs.getString("camera_id")),
                    rs.getObject("session_id", UUID.class), secrets.open(new Sealed(rs.getString("rtmp_url_key_id"), rs.getBytes("rtmp_url"))),
                    rs.getString("display_name"), Json.strings(rs.getString("capabilities")), CameraState.valueOf(rs.getString("state")),
                    JdbcBroadcastStore.instant(rs.getTimestamp("started_at")), JdbcBroadcastStore.instant(rs.getTimestamp("last_event_at")),
                    end == null ? null : EndReason.valueOf(end));
        });
    }
}
