// `connector backfill <flow> --since <date>`: asks a flow to go back over its source from a date (orders
// missed while the connector was down, say). The request is recorded now; the service's next runs do
// the work, so this returns at once with what will happen.
import { InvalidArgumentError, type Command } from 'commander';
import { describeError } from '../errors.ts';
import { parseBackfillSince } from '../engine/backfillSince.ts';
import type { CliContext } from './context.ts';
import { CONNECTION_HELP, JSON_HELP } from './options.ts';
import { withTarget } from './target.ts';

/** A usage error (exit 2) for an unparsable or future date, raised before anything is opened. */
export function parseSince(value: string): Date {
  try {
    return parseBackfillSince(value);
  } catch (error) {
    throw new InvalidArgumentError(describeError(error));
  }
}

export function registerBackfill(program: Command, ctx: CliContext): void {
  program
    .command('backfill')
    .description("go back over a flow's source from a date; the flow's next runs do the work")
    .argument('<flow>', 'flow id, e.g. import-orders')
    .requiredOption(
      '--since <date>',
      'ISO date (2025-01-31, midnight UTC) or date-time (2025-01-31T08:00:00Z); not in the future',
      parseSince,
    )
    .option('--connection <id>', CONNECTION_HELP)
    .option('--json', JSON_HELP)
    .action((flow: string, options: { since: Date; connection?: string; json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const backfills = await target.backfill(flow, options.since, options.connection);
        if (options.json) return ctx.out(JSON.stringify({ backfills }, null, 2));
        if (backfills.length === 0) ctx.out(`${flow} runs for no connection in this configuration`);
        for (const b of backfills) ctx.out(`${b.flow} (${b.connection}): ${b.message}`);
      }),
    );
}
