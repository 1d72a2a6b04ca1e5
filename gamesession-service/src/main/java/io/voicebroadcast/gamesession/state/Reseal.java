package io.voicebroadcast.gamesession.state;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * After a key rotation every stored secret still sealed under an older key is sealed again under
 * the current one (docs/state.md#rotating-the-key): run by the active instance after each
 * takeover, row by row, each update applied only if the row still holds the value read (a value
 * written meanwhile is sealed with the current key already). Once it has run, no row names the
 * old key id and the old key can be dropped from GAMESESSION_SECRETS_PREVIOUS_KEYS.
 */
final class Reseal {

    private static final Logger log = LoggerFactory.getLogger(Reseal.class);

    /** Every sealed column: its table, the value and key id columns, and the table's primary key. */
    record Column(String table, String value, String keyId, List<String> primaryKey) {
    }

    static final List<Column> SEALED = List.of(
            new Column("broadcast", "fallback_stream_url", "fallback_stream_key_id", List.of("session_id")),
            new Column("broadcast", "fallback_image_url", "fallback_image_key_id", List.of("session_id")),
            new Column("broadcast_destination", "url", "url_key_id", List.of("session_id", "position")),
            new Column("camera", "rtmp_url", "rtmp_url_key_id", List.of("game_instance_id", "camera_id")),
            new Column("api_request", "body", "body_key_id", List.of("id")),
            new Column("api_request", "answer", "answer_key_id", List.of("id")));

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;

    Reseal(JdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** Seals again every value under another key id than the current one; returns how many. */
    int run() {
        String current = secrets.currentKeyId();
        int total = 0;
        for (Column c : SEALED) {
            String pk = String.join(", ", c.primaryKey());
            String where = String.join(" AND ", c.primaryKey().stream().map(k -> k + " = ?").toList());
            List<Object[]> stale = jdbc.query("SELECT " + pk + ", " + c.value() + ", " + c.keyId() + " FROM " + c.table() + " WHERE "
                    + c.keyId() + " IS NOT NULL AND " + c.keyId() + " <> ?", (rs, n) -> {
                        Object[] row = new Object[c.primaryKey().size() + 2];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = i < c.primaryKey().size() ? rs.getObject(i + 1) : null;
                        }
                        row[row.length - 2] = rs.getBytes(c.primaryKey().size() + 1);
                        row[row.length - 1] = rs.getString(c.primaryKey().size() + 2);
                        return row;
                    }, current);
            for (Object[] row : stale) {
                byte[] value = (byte[]) row[row.length - 2];
                String keyId = (String) row[row.length - 1];
                Sealed again = secrets.seal(secrets.open(new Sealed(keyId, value)));
                List<Object> args = new ArrayList<>(List.of(again.value(), again.keyId()));
                for (int i = 0; i < c.primaryKey().size(); i++) {
                    args.add(row[i]);
                }
                args.add(keyId);
                args.add(value);
                total += jdbc.update("UPDATE " + c.table() + " SET " + c.value() + " = ?, " + c.keyId() + " = ? WHERE " + where + " AND "
                        + c.keyId() + " = ? AND " + c.value() + " = ?", args.toArray());
            }
        }
        if (total > 0) {
            log.info("state: {} stored secrets sealed again under the current key id {}; no row names an older key id now", total, current);
        }
        return total;
    }
}
