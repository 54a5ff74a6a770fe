/**
 * `connector replay <record>` for an order: imports (or follows up) the order again from the payload
 * stored when it was found, without calling Amazon — the same decisions and the same exactly-once
 * writes as a scheduled run, so replaying an order already in D365 finds it and creates nothing.
 */
import type { ApplyResult } from '../../engine/flow.ts';
import type { ImportContext } from './settings.ts';
import type { SyncRecord } from '../../store/repos/records.ts';
import { decide } from './plan/decide.ts';
import { applyImport } from './write/execute.ts';
import { profileOf } from '../domain/marketplaceProfile.ts';
import {
  factsOf,
  resolveItems,
  withImported,
  type ImportSnapshot,
  type WorkItem,
} from './intake/snapshot.ts';
import { runInputs } from './inputs.ts';

export async function replayOrder(
  record: SyncRecord,
  payload: unknown,
  ctx: ImportContext,
): Promise<ApplyResult> {
  const { settings, mappings } = runInputs(ctx);
  const work: WorkItem = {
    externalId: record.externalId,
    recordId: record.id,
    ...(payload === undefined
      ? { problems: ['the stored Amazon payload is gone (purged)'] }
      : factsOf(payload)),
    attempts: record.attempts,
  };
  await withImported(ctx, [work]);
  const snapshot: ImportSnapshot = {
    settings,
    mappings,
    work: [work],
    moreStaged: false,
    lookups: await resolveItems(ctx, settings, mappings, [work]),
  };
  return applyImport(
    decide(snapshot, (marketplaceId) => profileOf(ctx.connection, marketplaceId)),
    snapshot,
    ctx,
  );
}
