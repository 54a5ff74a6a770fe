/**
 * The Prometheus side of the exchange observer (exchangeObserver.ts): requests, attempts, 429s, time
 * waited and latency per remote, connection and operation, and places in feed-type quotas. These are
 * this process's own exchanges — unlike the service numbers, which come from the shared database — so
 * with several worker processes each one is scraped for its part. Labels stay bounded: operations are
 * the clients' fixed names (an Amazon operation, a D365 method and entity set), never ids or keys.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { ExchangeObserver } from './exchangeObserver.ts';

const EXCHANGE = ['remote', 'connection', 'operation'] as const;

/** From a fast read to a feed upload or a throttled batch: seconds. */
const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface RemoteMetrics {
  /** The observer to hand to one connection's clients. */
  observerFor(connectionId: string): ExchangeObserver;
}

export function createRemoteMetrics(registry: Registry): RemoteMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'connector_remote_requests_total',
    help: 'Exchanges with a remote (a call with all its attempts) by outcome: ok, or the error kind that ended it.',
    labelNames: [...EXCHANGE, 'outcome'],
    registers,
  });
  const attempts = new Counter({
    name: 'connector_remote_attempts_total',
    help: 'HTTP attempts sent to a remote (retries included).',
    labelNames: EXCHANGE,
    registers,
  });
  const throttled = new Counter({
    name: 'connector_remote_throttled_total',
    help: '429 answers from a remote. Amazon: each is a defect (the client waits for its quota first).',
    labelNames: EXCHANGE,
    registers,
  });
  const waited = new Counter({
    name: 'connector_remote_wait_seconds_total',
    help: 'Time exchanges spent waiting for a rate limit, a throttling pause or a concurrency slot.',
    labelNames: EXCHANGE,
    registers,
  });
  const duration = new Histogram({
    name: 'connector_remote_request_duration_seconds',
    help: 'Duration of an exchange with a remote, from its first attempt to its end, waits included.',
    labelNames: EXCHANGE,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const slots = new Counter({
    name: 'connector_remote_quota_slots_total',
    help:
      'Places in a quota other than an operation plan (Amazon feed submissions per feed type): taken by a ' +
      'request sent, reserved ahead, released unused.',
    labelNames: ['remote', 'connection', 'quota', 'event'],
    registers,
  });
  return {
    observerFor: (connection) => ({
      exchange(e) {
        const labels = { remote: e.remote, connection, operation: e.operation };
        requests.inc({ ...labels, outcome: e.outcome });
        attempts.inc(labels, e.attempts);
        if (e.throttled > 0) throttled.inc(labels, e.throttled);
        if (e.waitedMs > 0) waited.inc(labels, e.waitedMs / 1000);
        duration.observe(labels, e.durationMs / 1000);
      },
      quotaSlot(s) {
        slots.inc({ remote: s.remote, connection, quota: s.quota, event: s.event });
      },
    }),
  };
}
