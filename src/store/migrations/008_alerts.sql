-- Alerts (src/alerts, issue 20). Each rule's state per connection and subject (a service, or '' for the
-- connection), so one problem is one alert: a change of state is decided under this row's lock, and
-- the alert it sends is written to the outbox in the same transaction, so neither a second process
-- evaluating at the same moment nor a crash can send it twice or lose it.
CREATE TABLE alert_states (
  connection_id text NOT NULL,
  rule text NOT NULL,
  subject text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'firing', 'suppressed')),
  -- When the current problem began (firing or suppressed), on the evaluator's clock.
  since timestamptz,
  -- The last alert sent: the cool-down counts from here.
  last_fired_at timestamptz,
  -- A rule's own watermark (needs_attention: the last record_events id it has seen).
  watermark bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, rule, subject)
);

-- Alerts and recoveries waiting for (or done with) delivery to a webhook: one row per event × webhook.
-- Delivery claims due rows with SKIP LOCKED, so several processes share the work and never send a row
-- at once; a claim pushes next_attempt_at ahead, so a row whose sender died becomes due again.
CREATE TABLE alert_outbox (
  id bigserial PRIMARY KEY,
  webhook text NOT NULL,
  event jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  failed_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at)
  WHERE delivered_at IS NULL AND failed_at IS NULL;
