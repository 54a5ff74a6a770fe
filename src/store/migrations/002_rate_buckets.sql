-- Token buckets for the remotes' rate limits, shared by every worker process of a deployment so that
-- together they never exceed a limit (src/store/repos/rateBuckets.ts). `tokens` may be negative: a
-- queue of reservations waiting for the refill. Times are the database's clock, the one clock all
-- processes share. A row per (remote, account, region, operation): a few hundred at most.
CREATE TABLE rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  rate double precision NOT NULL,
  burst double precision NOT NULL,
  updated_at timestamptz NOT NULL
);
