// `connector resolve <record-id>`: a person handled the record outside the connector; it becomes synced.
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { JSON_HELP, parseRecordId, parseResolutionNote } from './options.ts';
import { withTarget } from './target.ts';

export function registerResolve(program: Command, ctx: CliContext): void {
  program
    .command('resolve')
    .description(
      'settle a record that needs attention or failed, handled by a person outside the connector: ' +
        'it becomes synced and its flow does not run',
    )
    .argument('<record-id>', 'the record to resolve', parseRecordId)
    .option(
      '--note <text>',
      'what was done, one line of at most 500 characters (kept in the record, nowhere else)',
      parseResolutionNote,
    )
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      '\nExamples:\n  connector resolve 42 --note "confirmed by hand in Seller Central"\n  connector resolve 43',
    )
    .action((id: number, options: { note?: string; json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const { record: r } = await target.resolve(id, options.note);
        if (options.json) ctx.out(JSON.stringify({ mode: target.mode, record: r }, null, 2));
        else
          ctx.out(
            `Record ${r.id} (${r.flow}, ${r.connectionId}, ${r.externalId}) is resolved: synced, by ` +
              `${String(r.summary.resolvedBy)}. Its flow was not run.`,
          );
      }),
    );
}
