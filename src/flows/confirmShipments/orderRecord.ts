/**
 * The service's record of each Amazon order it follows (flow `confirm-shipments`, external id = the
 * Amazon order id): its packages (packages.ts) in `summary.packages`, so the record shows every slip,
 * tracking number, carrier and item, and a person sees on one page what shipped and what waits. The
 * record's state follows its packages: `needs_attention` while one needs a person (the reason lists
 * them), `pending` while one is ready or waits for tracking, `synced` once all are settled.
 */
import type { Queryable } from '../../store/db.ts';
import type { Sealer } from '../../store/crypto.ts';
import { saveRecord, type RecordState } from '../../store/repos/records.ts';
import { FLOW_ID } from './settings.ts';
import type { PackageEntry } from './packages.ts';

export interface OrderRecord {
  id: number;
  amazonOrderId: string;
  state: RecordState;
  packages: PackageEntry[];
  /** Set when a person resolved the record (`connector resolve`): who, and their note. */
  resolvedBy?: string;
  resolution?: string;
}

interface Row {
  id: string | number;
  external_id: string;
  state: RecordState;
  summary: { packages?: PackageEntry[]; resolvedBy?: string; resolution?: string };
}

const toRecord = (r: Row): OrderRecord => ({
  id: Number(r.id),
  amazonOrderId: r.external_id,
  state: r.state,
  packages: r.summary.packages ?? [],
  ...(r.summary.resolvedBy && { resolvedBy: r.summary.resolvedBy }),
  ...(r.summary.resolution && { resolution: r.summary.resolution }),
});

/** The records of these Amazon orders, by order id. */
export async function readOrderRecords(
  q: Queryable,
  connectionId: string,
  amazonOrderIds: readonly string[],
): Promise<Map<string, OrderRecord>> {
  if (amazonOrderIds.length === 0) return new Map();
  const { rows } = await q.query<Row>(
    `SELECT id, external_id, state, summary FROM records
      WHERE connection_id = $1 AND flow = $2 AND external_id = ANY($3::text[])`,
    [connectionId, FLOW_ID, [...new Set(amazonOrderIds)]],
  );
  return new Map(rows.map((r) => [r.external_id, toRecord(r)]));
}

/**
 * The packing slips already on these orders' records, by order id — only the slip ids, so a scan that
 * passes over thousands of slips it has recorded does not read and parse thousands of whole records.
 */
export async function recordedSlips(
  q: Queryable,
  connectionId: string,
  amazonOrderIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  if (amazonOrderIds.length === 0) return new Map();
  const { rows } = await q.query<{ external_id: string; slips: string[] | null }>(
    `SELECT external_id,
            ARRAY(SELECT p->>'packingSlipId' FROM jsonb_array_elements(summary->'packages') AS p) AS slips
       FROM records
      WHERE connection_id = $1 AND flow = $2 AND external_id = ANY($3::text[])`,
    [connectionId, FLOW_ID, [...new Set(amazonOrderIds)]],
  );
  return new Map(rows.map((r) => [r.external_id, new Set(r.slips ?? [])]));
}

/**
 * Records with work left: put back to `pending` by a person (retry), or holding a package that is
 * ready or waits for its tracking number — `pending`, or `needs_attention` because of another package
 * (both found through the records' state index, not by reading every record). In id order after
 * `afterId`, so the pages of a run go through all of them once.
 */
export async function openOrderRecords(
  q: Queryable,
  connectionId: string,
  limit: number,
  afterId = 0,
): Promise<OrderRecord[]> {
  const { rows } = await q.query<Row>(
    `SELECT id, external_id, state, summary FROM records
      WHERE connection_id = $1 AND flow = $2 AND id > $4
        AND (state = 'pending'
             OR (state = 'needs_attention' AND COALESCE((summary->>'open')::int, 0) > 0))
      ORDER BY id LIMIT $3`,
    [connectionId, FLOW_ID, limit, afterId],
  );
  return rows.map(toRecord);
}

/** The record's state and reason, from its packages. */
export function recordState(packages: readonly PackageEntry[]): {
  state: RecordState;
  reason: string | null;
} {
  const attention = packages.filter((p) => p.state === 'needs_attention');
  if (attention.length > 0)
    return {
      state: 'needs_attention',
      reason: attention
        .map((p) => `Packing slip ${p.packingSlipId}: ${p.note ?? 'needs a person'}`)
        .join(' | '),
    };
  if (packages.some((p) => p.state === 'ready' || p.state === 'waiting'))
    return { state: 'pending', reason: null };
  return { state: 'synced', reason: null };
}

export interface SaveOrderRecord {
  connectionId: string;
  amazonOrderId: string;
  company: string;
  salesOrderNumber: string;
  packages: PackageEntry[];
  runId: string;
  message: string;
  lastError?: string;
  attempt?: boolean;
}

export async function saveOrderRecord(tx: Queryable, sealer: Sealer, r: SaveOrderRecord) {
  const { state, reason } = recordState(r.packages);
  const open = r.packages.filter((p) => p.state === 'ready' || p.state === 'waiting').length;
  return saveRecord(tx, sealer, {
    connectionId: r.connectionId,
    flow: FLOW_ID,
    externalId: r.amazonOrderId,
    state,
    reason,
    lastError: r.lastError ?? null,
    runId: r.runId,
    summary: {
      company: r.company,
      salesOrderNumber: r.salesOrderNumber,
      open,
      shipped: r.packages.filter((p) => p.state === 'confirmed').length,
      packages: r.packages,
    },
    message: r.message,
    attempt: r.attempt ?? false,
  });
}
