-- The API's requests a standby passes on to the active instance (docs/state.md#two-instances).
-- A standby writes its request here and NOTIFYs gamesession_api_request; the active instance, which
-- LISTENs, takes each pending one in order, applies it and writes the answer, then NOTIFYs
-- gamesession_api_answer. The request's body may hold stream keys: it is sealed like every other
-- secret (AES-GCM, its key id beside it, the answer's too). Rows answered are deleted after a while.
CREATE TABLE api_request (
    id            bigserial   PRIMARY KEY,
    path          text        NOT NULL,
    body          bytea       NOT NULL,
    body_key_id   text        NOT NULL,
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'taken', 'answered', 'expired')),
    status        integer,
    content_type  text,
    answer        bytea,
    answer_key_id text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    answered_at   timestamptz
);

CREATE INDEX api_request_pending ON api_request (id) WHERE state = 'pending';
