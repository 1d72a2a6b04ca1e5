-- The GameSession service's state (docs/state.md). Every URL that may hold a secret is stored
-- AES-GCM sealed (bytea) with the id of its key beside it (*_key_id); nothing else here is secret.

-- A configured broadcast: its configuration and where the orchestration stands.
CREATE TABLE broadcast (
    session_id              uuid PRIMARY KEY,
    voice_room_id           uuid,          -- the configuration's room, if it named one
    fallback_stream_url     bytea,
    fallback_stream_key_id  text,
    fallback_image_url      bytea,
    fallback_image_key_id   text,
    camera_preference       jsonb NOT NULL,
    layout                  text  NOT NULL,
    slot_camera_preferences jsonb NOT NULL,
    target                  text  NOT NULL, -- wait_for_camera, broadcast, end, remove
    room_id                 uuid,           -- the voice room in use, on the placement's node
    room_created_here       boolean NOT NULL,
    manual_camera           jsonb,          -- {gameInstanceId, cameraId} selected by hand for slot 0
    manual_slots            jsonb NOT NULL, -- {"1": {gameInstanceId, cameraId}, ...}
    on_air                  boolean NOT NULL, -- the voice stream was started (and not stopped) by the last call
    camera_on_air           jsonb,
    slot_cameras_on_air     jsonb NOT NULL, -- [{...} or null, ...], slot 1 first
    updated_at              timestamptz NOT NULL
);

-- Its destinations, in order (the first is the voice stream's first).
CREATE TABLE broadcast_destination (
    session_id     uuid    NOT NULL REFERENCES broadcast ON DELETE CASCADE,
    position       integer NOT NULL,
    destination_id text    NOT NULL,
    url            bytea   NOT NULL,
    url_key_id     text    NOT NULL,
    PRIMARY KEY (session_id, position)
);

-- Where each broadcast is placed: the voice node and the placement's epoch (the latest one owns the room).
CREATE TABLE placement (
    session_id       uuid PRIMARY KEY REFERENCES broadcast ON DELETE CASCADE,
    node_id          text,
    epoch            bigint NOT NULL,
    placed_at        timestamptz,
    replaced_from    text,
    replaced_at      timestamptz,
    replaced_reason  text
);

-- The camera registry: live cameras, and ended ones for GAMESESSION_ENDED_CAMERA_RETENTION_MINUTES.
CREATE TABLE camera (
    game_instance_id uuid NOT NULL,
    camera_id        text NOT NULL,
    session_id       uuid,
    rtmp_url         bytea NOT NULL,
    rtmp_url_key_id  text  NOT NULL,
    display_name     text,
    capabilities     jsonb NOT NULL,
    state            text  NOT NULL,
    started_at       timestamptz NOT NULL,
    last_event_at    timestamptz NOT NULL,
    end_reason       text,
    PRIMARY KEY (game_instance_id, camera_id)
);

-- The latest camera eventIds applied (GAMESESSION_PROCESSED_EVENT_IDS_CAPACITY of them), oldest first by seq.
CREATE TABLE processed_event (
    seq      bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE
);
