/**
 * Writes one Amazon order to D365 as a sales order, exactly once, whatever crashes or lost answers
 * happen on the way. F&O has no idempotency key of its own, so the order's identity is the Amazon order
 * id in `CustomersOrderReference` (and each line's in `OrderLineReference`), and every attempt starts by
 * looking D365 up by it:
 *
 * - one order found → it is ours from an earlier attempt: only the lines it lacks are created;
 * - several found → a person must keep one (creating yet another would make it worse);
 * - none found → it is created under a recorded intent (performOnce), so a lost answer is resolved by the
 *   next attempt's lookup, never by a blind resend.
 *
 * Numbering `manual` (the draft names the number): header and lines go in one change set — all or
 * nothing. Numbering `sequence`: F&O allocates the number on the header's POST, so the lines follow in a
 * second change set; if F&O refuses them, the header (which then has no lines) is deleted again, so a
 * refused order leaves nothing behind. A transient failure or lost answer leaves the header in place:
 * the next attempt finds it and completes its lines.
 */
import {
  createdRow,
  createSalesOrderWithLines,
  findSalesOrdersByReference,
  salesOrderHeaders,
  salesOrderLines,
  type SalesOrderLine,
} from '../../../d365/index.ts';
import { ConnectorError, describeError, isConnectorError } from '../../../errors.ts';
import { findIntent, recordIntent, resolveIntent, type IntentKey } from '../../../store/repos/intents.ts';
import { performOnce, rejectIntent, WriteSettling, type OnceContext } from '../../../engine/performOnce.ts';
import {
  FIX_LINES,
  isRefusal,
  leftNothing,
  lineAt,
  operationOf,
  reason,
  refused,
} from './salesOrderRefusals.ts';
import { salesOrderRows, type LineRow, type SalesOrderRows } from './salesOrderRows.ts';
import type { LineDraft, SalesOrderDraft } from '../plan/drafts.ts';
import type { D365WriteContext } from './writeContext.ts';

export interface WrittenSalesOrder {
  salesOrderNumber: string;
  company: string;
  /** `created` now; `found` complete from an earlier attempt; `completed`: found, and its missing lines added. */
  outcome: 'created' | 'found' | 'completed';
  /** Each draft line's D365 identity (`InventoryLotId` = InventTransId, which packing slips name). */
  lines: { reference: string; inventoryLotId: string }[];
}

export const CREATE_OPERATION = 'd365.createSalesOrder';

/** The key of an order's create intent: one per legal entity and Amazon order. */
export const createIntentKey = (company: string, orderId: string) => `${company}/${orderId}`;

const NOTHING_CREATED = 'Nothing of it was created in D365.';

export async function writeSalesOrder(
  ctx: D365WriteContext,
  draft: SalesOrderDraft,
  customerAccount: string,
): Promise<WrittenSalesOrder> {
  const { company, orderId } = draft;
  const intent: IntentKey = {
    connectionId: ctx.connectionId,
    operation: CREATE_OPERATION,
    key: createIntentKey(company, orderId),
  };
  const rows = salesOrderRows(draft, customerAccount);
  // Each further write of the order (its lines after the header, missing lines) re-arms the intent with a
  // fresh send time: if its answer is lost, the settle time then runs from that write, not the first one.
  const arm = async () => {
    await ctx.once.commit((tx) =>
      recordIntent(tx, ctx.once.store.sealer, {
        ...intent,
        flow: ctx.flow,
        request: { company, orderId, customerAccount, lines: draft.lines.map((l) => l.reference) },
      }),
    );
  };
  try {
    const found = await findImported(ctx, company, orderId);
    if (found) {
      // The header landed, but the lines of an attempt cut off mid-flight may still be landing:
      // completing them now could create them twice, so they get the same settle time as the header.
      await awaitSettled(ctx, intent);
      const result = await completeOrder(ctx, draft, rows, found, arm);
      await settleIntent(ctx.once, intent, result);
      return result;
    }
    // An intent already `done` while D365 holds no such order means a person deleted the order after it
    // was created: the stored result is returned and the order is not created a second time.
    const { result } = await performOnce(ctx.once, {
      settleMs: ctx.settleMs,
      ...intent,
      flow: ctx.flow,
      request: {
        company,
        orderId,
        customerAccount,
        salesOrderNumber: draft.salesOrderNumber ?? null,
        lines: draft.lines.map((l) => l.reference),
      },
      send: () => createOrder(ctx, draft, rows, arm),
      // The lookup just made is the check: it found no order with this reference.
      check: async () => undefined,
    });
    return result;
  } catch (error) {
    if (leftNothing(error)) await rejectIntent(ctx.once, intent, describeError(error));
    throw error;
  }
}

export interface ImportedHeader {
  salesOrderNumber: string;
  customerAccount: string;
}

/**
 * The D365 order carrying this Amazon order id in the company, if any (one GET). Several are a data
 * problem for a person: which one is real cannot be told from here.
 */
export async function findImported(
  ctx: Pick<D365WriteContext, 'd365' | 'signal'>,
  company: string,
  orderId: string,
): Promise<ImportedHeader | undefined> {
  const found = await findSalesOrdersByReference(ctx.d365, orderId, { company, signal: ctx.signal });
  if (found.length > 1) {
    const numbers = found.map((o) => o.SalesOrderNumber).join(', ');
    throw new ConnectorError(
      'data',
      `D365 holds ${found.length} sales orders with customer reference ${orderId} in ${company} (${numbers}): ` +
        'keep one, delete the others in D365, then retry the order',
      { context: { company, orderId, salesOrderNumbers: found.map((o) => o.SalesOrderNumber) } },
    );
  }
  const [order] = found;
  return (
    order && {
      salesOrderNumber: order.SalesOrderNumber,
      customerAccount: order.OrderingCustomerAccountNumber,
    }
  );
}

const LINE_FIELDS = [
  'InventoryLotId',
  'OrderLineReference',
  'ItemNumber',
  'OrderedSalesQuantity',
  'SalesOrderLineStatus',
] as const;
export type OrderLine = Pick<SalesOrderLine, (typeof LINE_FIELDS)[number]>;

/** The lines of an order as the writer and the follow-ups need them. */
export async function readOrderLines(
  ctx: Pick<D365WriteContext, 'd365' | 'signal'>,
  company: string,
  salesOrderNumber: string,
): Promise<OrderLine[]> {
  const lines: OrderLine[] = [];
  for await (const line of ctx.d365.iterate(salesOrderLines, {
    company,
    signal: ctx.signal,
    filter: (where) => where.eq('SalesOrderNumber', salesOrderNumber),
    select: LINE_FIELDS,
  }))
    lines.push(line);
  return lines;
}

/** Throws WriteSettling while an earlier attempt's create is pending and younger than the settle time. */
async function awaitSettled(ctx: D365WriteContext, key: IntentKey) {
  const settleMs = ctx.settleMs ?? 0;
  if (settleMs <= 0) return;
  const intent = await findIntent(ctx.once.store.db, key);
  if (intent?.state === 'pending' && intent.sentAgeMs < settleMs)
    throw new WriteSettling(CREATE_OPERATION, intent.sentAgeMs, settleMs);
}

/** A found order settles an intent an earlier attempt left pending: that write did land. */
async function settleIntent(once: OnceContext, key: IntentKey, result: WrittenSalesOrder) {
  const intent = await findIntent(once.store.db, key);
  if (intent?.state === 'pending')
    await once.commit((tx) => resolveIntent(tx, once.store.sealer, intent.id, 'done', result));
}

async function createOrder(
  ctx: D365WriteContext,
  draft: SalesOrderDraft,
  rows: SalesOrderRows,
  arm: () => Promise<void>,
): Promise<WrittenSalesOrder> {
  const { company } = draft;
  const { d365, signal } = ctx;
  if (rows.header.SalesOrderNumber) {
    try {
      const { header, lines } = await createSalesOrderWithLines(d365, {
        company,
        header: rows.header,
        lines: rows.lines,
        signal,
      });
      const number = header.SalesOrderNumber;
      return {
        salesOrderNumber: number,
        company,
        outcome: 'created',
        lines: await lineIds(ctx, draft, number, lines),
      };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // Operation 0 of the change set is the header, operation n its line n - 1.
      const at = operationOf(error);
      const culprit = at === undefined ? undefined : at === 0 ? 'header' : draft.lines[at - 1];
      throw refused(draft, error, culprit, NOTHING_CREATED);
    }
  }
  let number: string;
  try {
    number = (await d365.create(salesOrderHeaders, rows.header, { company, signal })).SalesOrderNumber;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    throw refused(draft, error, 'header', NOTHING_CREATED);
  }
  // From here until the lines land, the header F&O numbered can be found again only by its
  // CustomersOrderReference: a crash now leaves it for the next attempt's lookup to complete.
  try {
    await arm();
    const created = await createLines(ctx, company, number, draft.lines, rows.lines);
    return { salesOrderNumber: number, company, outcome: 'created', lines: created };
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await removeEmptyHeader(ctx, company, number, error);
    const state = `Sales order ${number}, created before its lines, was deleted again: nothing of the order is in D365.`;
    throw refused(draft, error, lineAt(error, draft.lines), state);
  }
}

/** An order found by its reference: creates the draft lines it lacks, by `OrderLineReference`. */
async function completeOrder(
  ctx: D365WriteContext,
  draft: SalesOrderDraft,
  rows: SalesOrderRows,
  found: ImportedHeader,
  arm: () => Promise<void>,
): Promise<WrittenSalesOrder> {
  const { company } = draft;
  const number = found.salesOrderNumber;
  const existing = await readOrderLines(ctx, company, number);
  const have = new Map<string, string>();
  for (const line of existing)
    if (line.OrderLineReference && !have.has(line.OrderLineReference))
      have.set(line.OrderLineReference, line.InventoryLotId);
  const missing = draft.lines.flatMap((line, i) => (have.has(line.reference) ? [] : [i]));
  if (missing.length > 0) {
    const drafts = missing.map((i) => draft.lines[i]!);
    await arm();
    try {
      const created = await createLines(
        ctx,
        company,
        number,
        drafts,
        missing.map((i) => rows.lines[i]!),
      );
      for (const c of created) have.set(c.reference, c.inventoryLotId);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // A header an earlier attempt left without lines, refused its lines again: removed as on creation.
      if (existing.length === 0 && found.customerAccount === rows.header.OrderingCustomerAccountNumber) {
        await removeEmptyHeader(ctx, company, number, error);
        const state = `Sales order ${number}, left without lines by an earlier attempt, was deleted: nothing of the order is in D365.`;
        throw refused(draft, error, lineAt(error, drafts), state);
      }
      throw new ConnectorError(
        error.kind,
        `Amazon order ${draft.orderId} is only partly in D365: sales order ${number} lacks ${missing.length} ` +
          `of its ${draft.lines.length} lines, and D365 refused them: ${reason(error)}. ${FIX_LINES}`,
        {
          cause: error,
          context: { ...error.context, company, orderId: draft.orderId, salesOrderNumber: number },
        },
      );
    }
  }
  return {
    salesOrderNumber: number,
    company,
    outcome: missing.length > 0 ? 'completed' : 'found',
    lines: draft.lines.map((l) => ({ reference: l.reference, inventoryLotId: have.get(l.reference)! })),
  };
}

/** Creates lines in one change set and answers each draft line's lot id. */
async function createLines(
  ctx: D365WriteContext,
  company: string,
  number: string,
  drafts: LineDraft[],
  rows: LineRow[],
) {
  const results = await ctx.d365.changeSet(
    rows.map((row) =>
      ctx.d365.ops.create(salesOrderLines, { ...row, SalesOrderNumber: number }, { company }),
    ),
    { signal: ctx.signal },
  );
  const created = results.flatMap((r) => createdRow(salesOrderLines, r) ?? []);
  return lineIds(ctx, { company, lines: drafts }, number, created);
}

/** Draft line → lot id from the created rows; read back when an answer could not be read. */
async function lineIds(
  ctx: D365WriteContext,
  draft: Pick<SalesOrderDraft, 'company' | 'lines'>,
  number: string,
  created: { OrderLineReference: string; InventoryLotId: string }[],
) {
  const byReference = new Map(created.map((l) => [l.OrderLineReference, l.InventoryLotId]));
  if (draft.lines.some((l) => !byReference.has(l.reference))) {
    for (const line of await readOrderLines(ctx, draft.company, number))
      if (!byReference.has(line.OrderLineReference))
        byReference.set(line.OrderLineReference, line.InventoryLotId);
  }
  return draft.lines.map((l) => {
    const inventoryLotId = byReference.get(l.reference);
    if (inventoryLotId === undefined)
      throw new ConnectorError(
        'remote',
        `D365 created sales order ${number} but its line ${l.reference} cannot be read back`,
        {
          context: { applied: true, company: draft.company, salesOrderNumber: number },
        },
      );
    return { reference: l.reference, inventoryLotId };
  });
}

/** Deletes a header whose lines F&O refused (it has none), so the refused order leaves nothing behind. */
async function removeEmptyHeader(
  ctx: D365WriteContext,
  company: string,
  number: string,
  refusal: ConnectorError,
) {
  try {
    await ctx.d365.remove(salesOrderHeaders, { SalesOrderNumber: number }, { company, signal: ctx.signal });
  } catch (error) {
    if (isConnectorError(error) && error.context.status === 404) return; // already gone
    const kind = isConnectorError(error) ? error.kind : 'transient';
    throw new ConnectorError(
      kind,
      `D365 refused the lines of sales order ${number} (${refusal.message}), and deleting the order it left ` +
        `without lines failed: ${describeError(error)}. ` +
        (kind === 'transient'
          ? 'The next attempt completes or deletes it.'
          : `Delete sales order ${number} in D365, fix what it refused, then retry the order.`),
      { cause: error, context: { company, salesOrderNumber: number, headerCreated: true } },
    );
  }
}
