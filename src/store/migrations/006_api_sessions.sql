-- Browser sessions of the web API (src/web/sessions.ts), held here so that signing out, an idle or
-- absolute time limit, and a changed or removed API token each end a session on the server, and
-- every process serving the API on one database agrees. The cookie's value is never stored: only its
-- SHA-256, so reading this table does not let anyone act as a signed-in user.
CREATE TABLE api_sessions (
  id_hash text PRIMARY KEY,
  -- The API token that signed in, by name and by a fingerprint of its secret: a token removed from the
  -- configuration, or given a new secret, ends its sessions.
  token_name text NOT NULL,
  token_fingerprint text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX api_sessions_by_expiry ON api_sessions (expires_at);
