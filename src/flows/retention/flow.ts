/**
 * The retention service: purges buyer personal data whose retention has ended (Amazon's data
 * protection policy), resolved write intents older than that retention, and live-feed entries older
 * than `feed.retentionDays`. Runs hourly by default.
 */
import { defineFlow } from '../../engine/flow.ts';
import { countDuePersonalData, purgeDuePersonalData, purgeFeed } from '../../store/retention.ts';
import { purgeResolvedIntents } from '../../store/repos/intents.ts';

const BATCH = 500;

export const retentionFlow = defineFlow({
  id: 'retention',
  title: 'Retention',
  description: 'Purges personal data whose retention has ended, and old live-feed entries.',
  docs: 'docs/flows/retention.md',
  scope: 'global',
  schedule: { intervalSeconds: 3600, enabledByDefault: true },
  async load(ctx) {
    return {
      due: await countDuePersonalData(ctx.store.db),
      feedRetentionDays: ctx.config.feed.retentionDays,
    };
  },
  plan(snapshot) {
    const actions = [
      {
        action: 'purge-feed',
        description: `delete live-feed entries older than ${snapshot.feedRetentionDays} days`,
      },
    ];
    if (snapshot.due > 0) {
      actions.unshift({
        action: 'purge-personal',
        description: `purge personal data of ${snapshot.due} item(s)`,
      });
    }
    return { actions, hasMore: snapshot.due > BATCH, backlog: snapshot.due };
  },
  async apply(_plan, snapshot, ctx) {
    const purged = await ctx.commit((tx) => purgeDuePersonalData(tx, BATCH));
    const feedEntries = await ctx.commit((tx) => purgeFeed(tx, snapshot.feedRetentionDays));
    const intents = await ctx.commit((tx) => purgeResolvedIntents(tx, ctx.config.personalData.retentionDays));
    const items = purged.records + purged.payloads;
    if (items > 0 || feedEntries > 0 || intents > 0) {
      await ctx.log.info(
        `Retention: purged personal data of ${purged.records} record(s) and ${purged.payloads} payload(s); ` +
          `deleted ${feedEntries} old live-feed entries and ${intents} resolved write intents`,
        { ...purged, feedEntries, intents },
      );
    }
    return { items, errors: 0 };
  },
});
