/**
 * The `import-orders` service: Amazon orders → D365 sales orders, exactly once (docs/flows/orders.md).
 *
 *   load   intake/snapshot.ts  one page of Amazon's search + staged orders + D365 item lookups
 *   plan   plan/decide.ts      per order: create / wait / skip / needs attention / follow-ups (pure)
 *   apply  write/execute.ts    stage the page and move the cursor, then write to D365 and record the outcome
 *   check  check/preflight.ts  `connector check`: credentials and the D365 setup the settings name
 *
 * The folders are the stages: `intake/` finds, stages and reads Amazon orders; `plan/` decides (no
 * I/O); `write/` carries the decisions out in D365 and records them; `check/` is the pre-flight.
 *
 * Runs every 3 minutes by default — searchOrders' sustained rate is one call per 3 minutes (burst 20) —
 * and pages on while Amazon or the staging area has more, within the run's time limit.
 */
import { ConnectorError } from '../../errors.ts';
import { getCursor, setCursor } from '../../store/repos/cursors.ts';
import { defineFlow } from '../../engine/flow.ts';
import type { Remotes } from '../domain/remotes.ts';
import { decide, type ImportAction } from './plan/decide.ts';
import { BACKFILL_SCOPE, parseCursor, type SearchCursor } from './intake/discovery.ts';
import { applyImport } from './write/execute.ts';
import { checkImportOrders } from './check/preflight.ts';
import { importOrdersSettings, type ImportOrdersSettings } from './settings.ts';
import { profileOf } from '../domain/marketplaceProfile.ts';
import { loadSnapshot, type ImportSnapshot, type WorkItem } from './intake/snapshot.ts';
import { FLOW_ID } from './intake/staging.ts';
import { replayOrder } from './replay.ts';
import { runInputs } from './inputs.ts';
import { importOrdersDemo } from './demo.ts';

export const importOrdersFlow = defineFlow<ImportSnapshot, ImportAction, ImportOrdersSettings, Remotes>({
  id: FLOW_ID,
  title: 'Import orders',
  description:
    'Imports paid Amazon orders as D365 sales orders, with their customer, delivery address, payment and shipping method; ' +
    'carries Amazon cancellations and address changes over to orders not yet shipped.',
  docs: 'docs/flows/orders.md',
  scope: 'connection',
  schedule: { intervalSeconds: 180, enabledByDefault: true },
  settings: importOrdersSettings,
  load: loadSnapshot,
  plan(snapshot, ctx) {
    return decide(snapshot, (marketplaceId) => profileOf(ctx.connection, marketplaceId));
  },
  apply: applyImport,
  replay: replayOrder,
  demo: importOrdersDemo,
  async check(ctx) {
    const { settings, mappings } = runInputs(ctx);
    return checkImportOrders(ctx, settings, mappings);
  },
  async backfill(since, ctx) {
    const main = parseCursor(
      await getCursor(ctx.store.db, { connectionId: ctx.connectionId, flow: FLOW_ID }),
    );
    const until = main?.after ?? ctx.now().toISOString();
    if (since.getTime() >= Date.parse(until)) {
      throw new ConnectorError(
        'config',
        `nothing to backfill: the import already covers everything updated since ${until}; give an earlier --since`,
      );
    }
    const cursor: SearchCursor = { after: since.toISOString(), until };
    await ctx.commit((tx) =>
      setCursor(
        tx,
        { connectionId: ctx.connectionId, flow: FLOW_ID, scope: BACKFILL_SCOPE },
        JSON.stringify(cursor),
      ),
    );
    return (
      `orders updated from ${cursor.after} to ${until} will be searched again in the next runs ` +
      '(orders already imported are recognised and not imported twice)'
    );
  },
});

export type { WorkItem };
