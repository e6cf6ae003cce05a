-- Accounts, sessions, API tokens, login throttling and the append-only audit log.
-- All of this state lives here, not in a server process, so several instances agree.

CREATE TABLE users (
    id             SERIAL PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{2,64}$'),
    display_name   TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL CHECK (role IN ('admin', 'unit', 'leader')),
    unit_id        INT REFERENCES units (id),
    password_hash  TEXT NOT NULL,
    disabled_at    TIMESTAMPTZ,
    version        INT NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A unit user belongs to exactly one unit; nobody else belongs to one.
    CHECK ((role = 'unit') = (unit_id IS NOT NULL))
);
CREATE INDEX users_unit_idx ON users (unit_id);

-- One row per login. A JWT names its session; revoking the row ends the token at once.
CREATE TABLE sessions (
    id          UUID PRIMARY KEY,
    user_id     INT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    ip          TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_tokens (
    id            SERIAL PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    -- SHA-256 of the token; the token itself is shown once and never stored.
    token_hash    TEXT NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,
    plan_id       INT REFERENCES plans (id) ON DELETE CASCADE,
    created_by    INT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);

CREATE TABLE login_failures (
    id        BIGSERIAL PRIMARY KEY,
    username  TEXT NOT NULL,
    ip        TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_idx ON login_failures (lower(username), at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

-- The audit log. Each row's hash covers its content and the hash of the row before, so a
-- row edited or deleted behind the application's back breaks the chain (`duban audit verify`).
CREATE TABLE audit_events (
    id             BIGSERIAL PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    actor_user_id  INT REFERENCES users (id),
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT,
    before         JSONB,
    after          JSONB,
    ip             TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id);

-- The newest hash and the row count, so that removing the last rows is seen too.
CREATE TABLE audit_chain_head (
    singleton  BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    hash       TEXT NOT NULL,
    row_count  BIGINT NOT NULL
);
INSERT INTO audit_chain_head (hash, row_count) VALUES (repeat('0', 64), 0);

CREATE FUNCTION audit_row_hash(prev TEXT, at TIMESTAMPTZ, actor_user_id INT, actor TEXT, action TEXT,
                               entity TEXT, entity_id TEXT, before JSONB, after JSONB, ip TEXT)
RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        prev, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_user_id, actor,
        action, entity, entity_id, before, after, ip)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_events_chain() RETURNS trigger AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    -- Serialise appends: the chain has one order.
    SELECT * INTO head FROM audit_chain_head FOR UPDATE;
    NEW.at := clock_timestamp();
    NEW.prev_hash := head.hash;
    NEW.hash := audit_row_hash(NEW.prev_hash, NEW.at, NEW.actor_user_id, NEW.actor, NEW.action,
                               NEW.entity, NEW.entity_id, NEW.before, NEW.after, NEW.ip);
    UPDATE audit_chain_head SET hash = NEW.hash, row_count = head.row_count + 1;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
