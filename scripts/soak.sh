#!/usr/bin/env bash
# Soak run of the crash and concurrency scenarios (test/e2e): the same tests CI runs, with many more
# kills. KILL_LOOPS (default 50) sets the kills per scenario; ORDER_KILLS (default 200) the kills of the
# order-import crash test (ordersCrash.test.ts; CI: 10 on PGlite, 5 on PostgreSQL); SHIPMENT_KILLS_PGLITE
# (default 30) and SHIPMENT_KILLS_POSTGRES (default 10) those of the shipment crash test
# (shipmentsCrash.test.ts, which reads SHIPMENT_KILLS, else KILL_LOOPS: 2 in CI) — a count per database,
# because KILL_LOOPS would give both passes the same 50; ROUNDS (default 1) repeats the whole set. Runs
# on PGlite and, with a reachable server, on PostgreSQL (SOAK_DATABASE_URL, default the local test
# database). Expect roughly 10 s per kill on PGlite and 20 s per kill on PostgreSQL, 3–5 s per
# order-import kill on PGlite and 5–8 s on PostgreSQL, and about 3–5 s per shipment kill on PGlite and
# 5–8 s on PostgreSQL (the shipment test: about 2.5 min on PGlite, 1.5 min on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

export KILL_LOOPS="${KILL_LOOPS:-50}"
export ORDER_KILLS="${ORDER_KILLS:-200}"
SHIPMENT_KILLS_PGLITE="${SHIPMENT_KILLS_PGLITE:-30}"
SHIPMENT_KILLS_POSTGRES="${SHIPMENT_KILLS_POSTGRES:-10}"
ROUNDS="${ROUNDS:-1}"
DATABASE="${SOAK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
# Each kill loop may take a while; the per-test limits scale with the kills already.
unset TEST_DATABASE_URL DATABASE_URL CONNECTOR_CONFIG

for round in $(seq 1 "$ROUNDS"); do
  echo "==> round $round/$ROUNDS, KILL_LOOPS=$KILL_LOOPS ORDER_KILLS=$ORDER_KILLS SHIPMENT_KILLS=$SHIPMENT_KILLS_PGLITE: PGlite"
  SHIPMENT_KILLS="$SHIPMENT_KILLS_PGLITE" npx vitest run test/e2e
  if pg_isready -h 127.0.0.1 -q; then
    echo "==> round $round/$ROUNDS, KILL_LOOPS=$KILL_LOOPS ORDER_KILLS=$ORDER_KILLS SHIPMENT_KILLS=$SHIPMENT_KILLS_POSTGRES: PostgreSQL"
    SHIPMENT_KILLS="$SHIPMENT_KILLS_POSTGRES" TEST_DATABASE_URL="$DATABASE" npx vitest run test/e2e
  else
    echo "PostgreSQL is not reachable: skipping the PostgreSQL pass" >&2
  fi
done
echo "soak: all rounds passed"
