package io.voicebroadcast.gamesession.broadcast;

import java.util.List;
import java.util.UUID;

/**
 * Where the orchestrator keeps its broadcasts beyond a restart: every change is saved when a
 * reconciliation ends, a stopped broadcast deleted. {@link #NONE} keeps nothing (the state in
 * memory only, as without a database).
 */
public interface BroadcastStore {

    BroadcastStore NONE = new BroadcastStore() {
        @Override
        public List<BroadcastRecord> loadAll() {
            return List.of();
        }

        @Override
        public void save(BroadcastRecord broadcast) {
        }

        @Override
        public void delete(UUID sessionId) {
        }
    };

    List<BroadcastRecord> loadAll();

    void save(BroadcastRecord broadcast);

    void delete(UUID sessionId);
}
