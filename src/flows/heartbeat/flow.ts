/**
 * The heartbeat: a built-in service that proves the machinery end to end (scheduler → queue → worker →
 * runner → lease-guarded commit → live feed) every few seconds. It counts its beats in a cursor, so a
 * beat is recorded exactly once even across crashes.
 */
import { defineFlow, GLOBAL_CONNECTION } from '../../engine/flow.ts';
import { getCursor, setCursor } from '../../store/repos/cursors.ts';

const cursorKey = { connectionId: GLOBAL_CONNECTION, flow: 'heartbeat' };

export const heartbeatFlow = defineFlow({
  id: 'heartbeat',
  title: 'Heartbeat',
  description: 'Proves every few seconds that scheduler, workers, database and live feed work.',
  docs: 'docs/flows/heartbeat.md',
  scope: 'global',
  schedule: { intervalSeconds: 5, enabledByDefault: true },
  async load(ctx) {
    const beats = Number((await getCursor(ctx.store.db, cursorKey)) ?? '0');
    return { beats };
  },
  plan(snapshot) {
    return {
      actions: [{ action: 'beat', description: `record heartbeat #${snapshot.beats + 1}` }],
      hasMore: false,
      backlog: 0,
      lagSeconds: 0,
    };
  },
  async apply(_plan, snapshot, ctx) {
    const beat = snapshot.beats + 1;
    await ctx.commit((tx) => setCursor(tx, cursorKey, String(beat)));
    await ctx.log.info(`Heartbeat #${beat}: scheduler, workers and database are working`, { beat });
    return { items: 1, errors: 0 };
  },
});
