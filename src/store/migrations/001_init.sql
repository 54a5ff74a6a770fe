-- The connector's own tables. pg-boss keeps its jobs in its own schema (see src/jobs/boss.ts).

-- Sync state per connection × flow × scope; advances only in the transaction that records the work.
CREATE TABLE cursors (
  connection_id text NOT NULL,
  flow text NOT NULL,
  scope text NOT NULL DEFAULT '',
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, flow, scope)
);

-- External id ↔ D365 id, per entity kind: what makes every write idempotent by external id.
CREATE TABLE links (
  connection_id text NOT NULL,
  entity_kind text NOT NULL,
  external_id text NOT NULL,
  d365_id text NOT NULL,
  data_area_id text NOT NULL DEFAULT '',
  content_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, entity_kind, external_id)
);
CREATE INDEX links_by_d365_id ON links (connection_id, entity_kind, data_area_id, d365_id);

-- Raw remote payloads, kept so a record can be replayed. Personal fields inside `body` are sealed
-- (AES-256-GCM envelopes); `digest` is a keyed HMAC of the plaintext, so the same payload is kept once.
CREATE TABLE payloads (
  id bigserial PRIMARY KEY,
  connection_id text NOT NULL,
  kind text NOT NULL,
  digest text NOT NULL,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  purge_after timestamptz,
  purged_at timestamptz,
  UNIQUE (connection_id, kind, digest)
);
CREATE INDEX payloads_purge ON payloads (purge_after) WHERE purged_at IS NULL;

-- One row per synced item. `summary` holds non-personal facts; `personal` is sealed personal data.
CREATE TABLE records (
  id bigserial PRIMARY KEY,
  connection_id text NOT NULL,
  flow text NOT NULL,
  external_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'synced', 'needs_attention', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  reason text,
  last_error text,
  content_hash text,
  summary jsonb NOT NULL DEFAULT '{}',
  personal text,
  payload_id bigint REFERENCES payloads (id) ON DELETE SET NULL,
  purge_after timestamptz,
  purged_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  synced_at timestamptz,
  UNIQUE (connection_id, flow, external_id)
);
CREATE INDEX records_by_state ON records (state, flow, updated_at DESC);
CREATE INDEX records_purge ON records (purge_after) WHERE purged_at IS NULL;

-- What happened to a record, in order: shown with the record in the dashboard and API.
CREATE TABLE record_events (
  id bigserial PRIMARY KEY,
  record_id bigint NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  run_id text,
  state text NOT NULL,
  message text NOT NULL
);
CREATE INDEX record_events_by_record ON record_events (record_id, id);

-- A write to a remote, recorded before it is sent and resolved after: a crash in between leaves it
-- pending, and the flow reconciles it by reading the remote instead of sending it again blindly.
CREATE TABLE intents (
  id bigserial PRIMARY KEY,
  connection_id text NOT NULL,
  flow text NOT NULL,
  operation text NOT NULL,
  key text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'done', 'rejected')),
  -- Sealed (AES-256-GCM): a write's request and answer may carry personal data.
  request text,
  result text,
  attempts integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (connection_id, operation, key)
);
CREATE INDEX intents_pending ON intents (connection_id, flow) WHERE state = 'pending';

-- The live feed: every task the connector performs, in plain words. No personal data ever.
CREATE TABLE feed (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  connection_id text,
  flow text,
  run_id text,
  level text NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  message text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX feed_by_at ON feed (at);

-- Each sync service per connection: switch, schedule, statistics and the run lease (with fencing token).
CREATE TABLE services (
  connection_id text NOT NULL,
  flow text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  interval_seconds double precision NOT NULL,
  next_run_at timestamptz,
  -- "Run now" asked while a run was under way: the run starts its successor at once when it ends.
  run_requested boolean NOT NULL DEFAULT false,
  last_run_id text,
  last_started_at timestamptz,
  last_ended_at timestamptz,
  last_outcome text,
  last_message text,
  items_processed bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0,
  backlog integer,
  lag_seconds double precision,
  lease_holder text,
  lease_token bigint NOT NULL DEFAULT 0,
  lease_expires_at timestamptz,
  PRIMARY KEY (connection_id, flow)
);

-- One row per run, for history and statistics.
CREATE TABLE runs (
  id text PRIMARY KEY,
  connection_id text NOT NULL,
  flow text NOT NULL,
  trigger text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  outcome text,
  items integer NOT NULL DEFAULT 0,
  errors integer NOT NULL DEFAULT 0,
  message text
);
CREATE INDEX runs_by_flow ON runs (connection_id, flow, started_at DESC);
