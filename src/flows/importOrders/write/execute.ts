/**
 * The `apply` step of the order import: stages the page found on Amazon and moves the cursor past it
 * (one transaction), then carries out each order's decision and records the outcome.
 *
 * Errors are sorted by who must act (DESIGN §4.4): F&O refusing a write, or bad data, puts that order
 * alone in `needs_attention` with F&O's words and the run goes on; a transient failure (F&O or the
 * network down past the client's retries) is noted on the order and ends the run, so the job retries
 * later and the order — still `pending`, its write intent recorded — is picked up again without a
 * second sales order (salesOrderWriter.ts checks D365 by the Amazon order id before creating).
 */
import { describeError, isConnectorError } from '../../../errors.ts';
import { upsertLink } from '../../../store/repos/links.ts';
import { setPayloadPurgeAfter } from '../../../store/repos/payloads.ts';
import { saveRecord, type SaveRecord } from '../../../store/repos/records.ts';
import type { ApplyResult } from '../../../engine/flow.ts';
import type { ImportContext } from '../settings.ts';
import { addressHash } from '../plan/addressHash.ts';
import { ensureCustomer } from './customers.ts';
import type { ImportAction, ImportPlan } from '../plan/decide.ts';
import { BACKFILL_SCOPE } from '../intake/discovery.ts';
import { applyFollowUp } from './followUps.ts';
import { findImported, readOrderLines, writeSalesOrder } from './salesOrderWriter.ts';
import { linesFound, linesWritten, recordView } from './importedOrder.ts';
import {
  readImportedOrder,
  recordAddress,
  recordCancellation,
  recordImportedOrder,
  shippedAtImportOf,
} from '../../domain/importedOrders.ts';
import { deferOrder } from '../runMemory.ts';
import { keyOf, type ImportSnapshot, type WorkItem } from '../intake/snapshot.ts';
import { legalEntityOf } from '../../domain/marketplaceProfile.ts';
import { FLOW_ID, stagePage } from '../intake/staging.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { OrderFacts } from '../intake/facts.ts';
import type { SalesOrderDraft } from '../plan/drafts.ts';
import type { FollowUp } from '../plan/decisions.ts';
import type { D365WriteContext } from './writeContext.ts';

type Outcome = 'done' | 'attention';

/** A failure only a person can fix (bad data, a refused write) — as opposed to one that passes. */
export function needsPerson(error: unknown): boolean {
  return isConnectorError(error) && !error.retryable && error.kind !== 'transient' && error.kind !== 'auth';
}

function writeContext(ctx: ImportContext): D365WriteContext {
  const { writeSettleSeconds } = ctx.settings;
  // No signal: a write cut off mid-flight may land anyway, and would then wait out the settle time.
  return {
    d365: ctx.remotes().d365,
    once: ctx,
    connectionId: ctx.connectionId,
    flow: FLOW_ID,
    settleMs: writeSettleSeconds * 1000,
  };
}

/** This many orders failing one after another in a run means D365 (or the way to it) is down. */
const CONSECUTIVE_FAILURES_END_RUN = 3;

/**
 * An order about to be skipped or set aside may already be in D365 — an earlier attempt created it and
 * the process died before recording it, and Amazon has since cancelled it. Its create intent said so
 * (load marked it); D365 is asked, and a found order is recorded as imported (the plan's follow-ups are
 * then carried out on it).
 */
async function importedEarlier(ctx: ImportContext, facts: OrderFacts): Promise<ImportedOrder | undefined> {
  const company = legalEntityOf(ctx.connection, facts.marketplaceId);
  if (!company) return undefined;
  const w = writeContext(ctx);
  const found = await findImported(w, company, facts.orderId);
  if (!found) return undefined;
  const ordered = new Map(facts.items.map((i) => [i.orderItemId, i.quantityOrdered]));
  const lines = linesFound(await readOrderLines(w, company, found.salesOrderNumber), ordered);
  const key = { connectionId: ctx.connectionId, amazonOrderId: facts.orderId };
  await ctx.commit((tx) =>
    recordImportedOrder(tx, {
      ...key,
      marketplaceId: facts.marketplaceId,
      fulfilledBy: facts.fulfilledBy,
      shippedAtImport: shippedAtImportOf(
        facts.status,
        facts.items.some((i) => i.quantityShipped > 0),
      ),
      company,
      ...found,
      lines,
    }),
  );
  return readImportedOrder(ctx.store.db, key);
}

async function record(
  ctx: ImportContext,
  work: WorkItem,
  r: Omit<SaveRecord, 'connectionId' | 'flow' | 'externalId' | 'runId'>,
) {
  const saved = await ctx.commit((tx) =>
    saveRecord(tx, ctx.store.sealer, {
      connectionId: ctx.connectionId,
      flow: FLOW_ID,
      externalId: work.externalId,
      runId: ctx.runId,
      ...r,
    }),
  );
  work.recordId = saved.id;
  return saved;
}

async function stage(plan: ImportPlan, snapshot: ImportSnapshot, ctx: ImportContext): Promise<void> {
  const found = snapshot.discovery;
  if (!found) return;
  const cursor = { connectionId: ctx.connectionId, flow: FLOW_ID, scope: found.scope };
  const finishedBackfill = found.scope === BACKFILL_SCOPE && !found.page.more;
  const ids = await ctx.commit(async (tx) => {
    const staged = await stagePage(tx, ctx.store.sealer, {
      connectionId: ctx.connectionId,
      runId: ctx.runId,
      orders: found.toStage,
      cursor,
      cursorExpected: found.expected,
      cursorValue: finishedBackfill ? undefined : JSON.stringify(found.page.next),
    });
    return staged;
  });
  for (const action of plan.actions) {
    if (action.work && ids.has(action.work.externalId))
      action.work.recordId = ids.get(action.work.externalId);
  }
  if (found.toStage.length > 0) {
    await ctx.log.info(`Amazon: ${found.toStage.length} new or changed order(s) found and staged`, {
      orders: found.toStage.length,
      repeats: found.repeats,
      requestId: found.page.requestId,
    });
  }
  if (found.scope === BACKFILL_SCOPE && !found.page.more)
    await ctx.log.info('Backfill of Amazon orders finished');
}

async function createOrder(
  ctx: ImportContext,
  work: WorkItem,
  draft: SalesOrderDraft,
  notes: string[],
  /** The follow-ups the planner planned for right after the order is created. */
  then: FollowUp[],
): Promise<Outcome> {
  const w = writeContext(ctx);
  let account: string;
  let customerNote: string | undefined;
  if (draft.customer.kind === 'account') account = draft.customer.account;
  else {
    try {
      const ensured = await ensureCustomer(w, draft.customer.draft);
      account = ensured.account;
      if (ensured.created) customerNote = `customer ${account} created`;
    } catch (error) {
      const fallback = draft.customer.draft.fallbackAccount;
      if (!needsPerson(error) || !fallback) throw error;
      account = fallback;
      customerNote = `the customer could not be created (${describeError(error)}); the order goes to ${fallback}`;
      await ctx.log.warn(`Order ${draft.orderId}: ${customerNote}`);
    }
  }
  const result = await writeSalesOrder(w, draft, account);
  const key = { connectionId: ctx.connectionId, amazonOrderId: draft.orderId };
  const allNotes = [...notes, ...(customerNote ? [customerNote] : [])];
  const imported = await ctx.commit(async (tx) => {
    await recordImportedOrder(tx, {
      ...key,
      marketplaceId: draft.summary.marketplaceId,
      fulfilledBy: draft.summary.fulfilledBy,
      shippedAtImport: shippedAtImportOf(
        draft.summary.amazonStatus,
        draft.summary.shippedBeforeImport === true,
      ),
      company: result.company,
      salesOrderNumber: result.salesOrderNumber,
      customerAccount: account,
      ...(draft.deliveryAddress && { addressHash: addressHash(draft.deliveryAddress, keyOf(ctx)) }),
      lines: linesWritten(draft.lines, result.lines),
    });
    const order = (await readImportedOrder(tx, key))!;
    await upsertLink(tx, {
      connectionId: ctx.connectionId,
      entityKind: 'salesOrder',
      externalId: draft.orderId,
      d365Id: result.salesOrderNumber,
      dataAreaId: result.company,
    });
    await saveRecord(tx, ctx.store.sealer, {
      connectionId: ctx.connectionId,
      flow: FLOW_ID,
      externalId: work.externalId,
      runId: ctx.runId,
      state: 'synced',
      summary: { ...draft.summary, stage: 'done', ...recordView(order), notes: allNotes },
      attempt: true,
      message:
        `${result.outcome === 'created' ? 'created' : result.outcome === 'completed' ? 'completed' : 'found'} ` +
        `D365 sales order ${result.salesOrderNumber} in ${result.company} (${result.lines.length} line(s))` +
        (allNotes.length ? `; ${allNotes.join('; ')}` : ''),
    });
    return order;
  });
  await ctx.log.info(
    `Order ${draft.orderId} → D365 sales order ${result.salesOrderNumber} (${result.company}, ${draft.lines.length} line(s), ` +
      `${draft.summary.total ?? '?'} ${draft.currency})${result.outcome === 'created' ? '' : ` — ${result.outcome} after an earlier attempt`}`,
    { order: draft.orderId, salesOrder: result.salesOrderNumber, company: result.company },
  );
  work.imported = imported;
  // A buyer may have asked to cancel before the order was first seen: that is carried out at once.
  return then.length ? carryOutFollowUps(ctx, work, work.facts!, imported, then) : 'done';
}

async function carryOutFollowUps(
  ctx: ImportContext,
  work: WorkItem,
  facts: OrderFacts,
  imported: ImportedOrder,
  followUps: FollowUp[],
): Promise<Outcome> {
  const { cancellation } = ctx.settings;
  const key = { connectionId: ctx.connectionId, amazonOrderId: imported.amazonOrderId };
  let current = imported;
  for (const f of followUps) {
    const outcome = await applyFollowUp(writeContext(ctx), current, f, cancellation);
    if (outcome.kind === 'attention') {
      await record(ctx, work, {
        state: 'needs_attention',
        reason: outcome.message,
        summary: { amazonStatus: facts.status, ...recordView(current) },
        attempt: true,
      });
      await ctx.log.warn(`Order ${facts.orderId} needs attention: ${outcome.message}`, {
        order: facts.orderId,
      });
      return 'attention';
    }
    // Recorded at once: a crash before the next follow-up must not carry this one out again.
    current = await ctx.commit((tx) =>
      f.kind === 'address'
        ? recordAddress(tx, key, f.addressHash)
        : recordCancellation(tx, key, {
            scope: f.scope,
            orderItemIds: f.orderItemIds,
            by: f.requestedByBuyer ? 'BUYER' : (f.cancelledBy ?? 'AMAZON'),
            at: ctx.now(),
            ...(f.reason && { reason: f.reason }),
          }),
    );
    await ctx.log.info(`Order ${facts.orderId}: ${outcome.message}`, { order: facts.orderId });
  }
  await record(ctx, work, {
    state: 'synced',
    summary: { stage: 'done', amazonStatus: facts.status, ...recordView(current) },
    message: `D365 order ${current.salesOrderNumber} brought up to date with Amazon`,
  });
  work.imported = current;
  return 'done';
}

async function carryOut(action: ImportAction, ctx: ImportContext): Promise<Outcome> {
  const work = action.work!;
  const d = action.decision;
  if (action.followUps !== undefined) {
    if (action.followUps.length === 0) {
      await record(ctx, work, {
        state: 'synced',
        summary: { stage: 'done', amazonStatus: work.facts?.status },
        message: 'Amazon updated the order; nothing to change in D365',
      });
      return 'done';
    }
    return carryOutFollowUps(ctx, work, work.facts!, work.imported!, action.followUps);
  }
  if (work.facts && action.then?.when === 'found in D365') {
    const imported = await importedEarlier(ctx, work.facts);
    if (imported) {
      work.imported = imported;
      const { followUps } = action.then;
      await ctx.log.info(
        `Order ${work.externalId} was found in D365 as sales order ${imported.salesOrderNumber} from an earlier attempt`,
        { order: work.externalId },
      );
      if (followUps.length) return carryOutFollowUps(ctx, work, work.facts, imported, followUps);
      await record(ctx, work, {
        state: 'synced',
        summary: { stage: 'done', amazonStatus: work.facts.status, ...recordView(imported) },
        message: `found in D365 as sales order ${imported.salesOrderNumber}`,
      });
      return 'done';
    }
  }
  switch (d?.kind) {
    case 'create':
      return createOrder(ctx, work, d.draft, d.notes, action.then?.followUps ?? []);
    case 'wait':
      await record(ctx, work, { state: 'pending', summary: { stage: 'waiting' }, message: d.reason });
      return 'done';
    case 'skip': {
      // A skipped order is never needed again: its personal data goes after the retention period.
      const { personalDataDays } = ctx.settings;
      const purgeAfter = new Date(ctx.now().getTime() + personalDataDays * 86_400_000);
      const saved = await record(ctx, work, {
        state: 'synced',
        summary: { stage: 'done', skipped: d.reason },
        purgeAfter,
        message: `skipped: ${d.reason}`,
      });
      const payloadId = saved.payloadId;
      if (payloadId) await ctx.commit((tx) => setPayloadPurgeAfter(tx, payloadId, purgeAfter));
      await ctx.log.info(`Order ${work.externalId} skipped: ${d.reason}`, { order: work.externalId });
      return 'done';
    }
    case 'attention':
    default: {
      const reason = d?.kind === 'attention' ? d.problems.join('; ') : 'no decision was made';
      await record(ctx, work, { state: 'needs_attention', reason, attempt: true });
      await ctx.log.warn(`Order ${work.externalId} needs attention: ${reason}`, { order: work.externalId });
      return 'attention';
    }
  }
}

export async function applyImport(
  plan: ImportPlan,
  snapshot: ImportSnapshot,
  ctx: ImportContext,
): Promise<ApplyResult> {
  await stage(plan, snapshot, ctx);
  if (snapshot.discoveryPaused) await ctx.log.info(snapshot.discoveryPaused);
  const result: ApplyResult = { items: 0, errors: 0 };
  let failuresInARow = 0;
  for (const action of plan.actions) {
    if (!action.work) continue;
    try {
      const outcome = await carryOut(action, ctx);
      failuresInARow = 0;
      result.items++;
      if (outcome === 'attention') result.errors++;
    } catch (error) {
      if (!needsPerson(error)) {
        // Passing trouble: the order stays pending with the error noted and waits for a later run; the
        // others go on, unless several fail in a row (D365 down): then the run ends and the job retries.
        await record(ctx, action.work, {
          state: 'pending',
          lastError: describeError(error),
          attempt: true,
        }).catch(() => undefined);
        deferOrder(ctx, action.work.recordId);
        if (isConnectorError(error) && error.context.settling) {
          await ctx.log.info(`Order ${action.work.externalId}: ${describeError(error)}`, {
            order: action.work.externalId,
          });
          continue;
        }
        if (++failuresInARow >= CONSECUTIVE_FAILURES_END_RUN || ctx.signal.aborted) throw error;
        await ctx.log.warn(
          `Order ${action.work.externalId} could not be imported now: ${describeError(error)}`,
          {
            order: action.work.externalId,
          },
        );
        continue;
      }
      const reason = describeError(error);
      await record(ctx, action.work, { state: 'needs_attention', reason, lastError: reason, attempt: true });
      await ctx.log.warn(`Order ${action.work.externalId} needs attention: ${reason}`, {
        order: action.work.externalId,
      });
      result.items++;
      result.errors++;
    }
  }
  return result;
}
