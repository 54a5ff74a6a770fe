/**
 * The local mirror of Amazon orders: every order found is kept as a record (state + non-personal
 * summary) with its raw payload (buyer, recipient and tax-registration data sealed) before anything is
 * written to D365, so it can be inspected, replayed without calling Amazon, and retried.
 *
 * A record is `pending` while it waits to be imported (`summary.stage` 'ready') or paid ('waiting');
 * `synced` once its D365 sales order exists (`summary.d365`) — or once it was deliberately skipped
 * (`summary.skipped`); `needs_attention` when a person must act. A newer version of an order already
 * imported is staged `pending` again: its follow-ups (cancellation, address change) are then carried out.
 */
import type { Queryable } from '../../../store/db.ts';
import type { Sealer } from '../../../store/crypto.ts';
import { setCursorIf, type CursorKey } from '../../../store/repos/cursors.ts';
import { getPayload, savePayload } from '../../../store/repos/payloads.ts';
import { getRecord, saveRecord, type SyncRecord } from '../../../store/repos/records.ts';

export const FLOW_ID = 'import-orders';
export const PAYLOAD_KIND = 'amazon.order';

/** Personal parts of an Orders API 2026-01-01 order: sealed in the stored payload. */
export const ORDER_PERSONAL_PATHS = [
  'buyer',
  'recipient',
  'tax.taxRegistrations',
  // A gift message often names people; a customisation can carry names or photos' URLs.
  'orderItems.*.fulfillment.packing.giftOption',
  'orderItems.*.product.customization',
];

export interface StagedVersion {
  recordId: number;
  state: SyncRecord['state'];
  amazonUpdated?: string;
  /** A person resolved the record (`connector resolve`): who. */
  resolvedBy?: string;
}

/** The records already held for these orders, to drop unchanged repeats (overlap, duplicate pages). */
export async function stagedVersions(
  q: Queryable,
  connectionId: string,
  orderIds: string[],
): Promise<Map<string, StagedVersion>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await q.query<{
    id: number;
    external_id: string;
    state: SyncRecord['state'];
    summary: Record<string, unknown>;
  }>(
    `SELECT id, external_id, state, summary FROM records
      WHERE connection_id = $1 AND flow = $2 AND external_id = ANY($3::text[])`,
    [connectionId, FLOW_ID, orderIds],
  );
  return new Map(
    rows.map((r) => [
      r.external_id,
      {
        recordId: r.id,
        state: r.state,
        amazonUpdated: typeof r.summary.amazonUpdated === 'string' ? r.summary.amazonUpdated : undefined,
        ...(typeof r.summary.resolvedBy === 'string' && { resolvedBy: r.summary.resolvedBy }),
      },
    ]),
  );
}

/** Whether a fetched version is newer than the one held (an equal or older one is a repeat). */
export function isNewer(lastUpdatedTime: string | undefined, held: StagedVersion | undefined): boolean {
  if (!held?.amazonUpdated || !lastUpdatedTime) return true;
  return Date.parse(lastUpdatedTime) > Date.parse(held.amazonUpdated);
}

export interface OrderToStage {
  /** The Amazon order id, or `unidentified-<digest>` for a payload without one. */
  externalId: string;
  raw: unknown;
  amazonUpdated?: string;
  amazonStatus?: string;
  marketplaceId?: string;
  /** Set when Amazon reports the order shipped or cancelled: its personal data is purged then. */
  purgeAfter?: Date;
}

/**
 * Stages a page of orders and moves the cursor past it, in the caller's (lease-guarded) transaction:
 * the cursor never runs ahead of what was staged.
 */
export async function stagePage(
  tx: Queryable,
  sealer: Sealer,
  page: {
    connectionId: string;
    runId: string;
    orders: OrderToStage[];
    cursor: CursorKey;
    /** The cursor as it was read for this page (undefined: there was none). */
    cursorExpected: string | undefined;
    /** Its new value; undefined removes it (a finished backfill). */
    cursorValue: string | undefined;
  },
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const o of page.orders) {
    const { rows: previous } = await tx.query<{ payload_id: number | null }>(
      'SELECT payload_id FROM records WHERE connection_id = $1 AND flow = $2 AND external_id = $3',
      [page.connectionId, FLOW_ID, o.externalId],
    );
    const payloadId = await savePayload(tx, sealer, {
      connectionId: page.connectionId,
      kind: PAYLOAD_KIND,
      body: o.raw,
      personalPaths: ORDER_PERSONAL_PATHS,
      purgeAfter: o.purgeAfter,
    });
    const record = await saveRecord(tx, sealer, {
      connectionId: page.connectionId,
      flow: FLOW_ID,
      externalId: o.externalId,
      state: 'pending',
      summary: {
        stage: 'ready',
        amazonUpdated: o.amazonUpdated,
        amazonStatus: o.amazonStatus,
        marketplaceId: o.marketplaceId,
      },
      payloadId,
      purgeAfter: o.purgeAfter ?? null,
      runId: page.runId,
      message: `found on Amazon (${o.amazonStatus ?? 'status unknown'}, updated ${o.amazonUpdated ?? '?'})`,
    });
    ids.set(o.externalId, record.id);
    // Only the latest version of an order is kept: older ones hold the same personal data with no
    // purge date of their own (the date comes with the version that says shipped or cancelled).
    const old = previous[0]?.payload_id;
    if (old && old !== payloadId) {
      await tx.query(
        'DELETE FROM payloads WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM records WHERE payload_id = $1)',
        [old],
      );
    }
  }
  // Compare-and-set: a backfill asked for meanwhile replaced the cursor this page was read from; the new
  // request stands (its pages cover these orders again, and repeats are dropped).
  await setCursorIf(tx, page.cursor, page.cursorExpected, page.cursorValue);
  return ids;
}

export interface StagedOrder {
  record: SyncRecord;
  /** The raw order with its personal data opened (undefined once purged or missing). */
  raw: unknown;
}

/**
 * Orders waiting to be imported or followed up, least recently tried first — an order that keeps
 * failing goes to the back instead of blocking the others (unpaid ones wait for Amazon; `exclude`: the
 * ones this run already put off).
 */
export async function nextStaged(
  q: Queryable,
  sealer: Sealer,
  connectionId: string,
  limit: number,
  exclude: number[] = [],
): Promise<StagedOrder[]> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM records
      WHERE connection_id = $1 AND flow = $2 AND state = 'pending'
        AND COALESCE(summary->>'stage', 'ready') <> 'waiting'
        AND NOT (id = ANY($3::bigint[]))
      ORDER BY updated_at, id LIMIT ${Math.max(1, Math.min(limit, 500))}`,
    [connectionId, FLOW_ID, exclude],
  );
  const staged: StagedOrder[] = [];
  for (const { id } of rows) staged.push(await stagedOrder(q, sealer, id));
  return staged;
}

/** One record with its opened payload (also for `connector replay`). */
export async function stagedOrder(q: Queryable, sealer: Sealer, recordId: number): Promise<StagedOrder> {
  const record = await getRecord(q, recordId);
  if (!record) throw new Error(`record ${recordId} does not exist`);
  const payload = record.payloadId ? await getPayload(q, sealer, record.payloadId, true) : undefined;
  return { record, raw: payload?.body };
}
