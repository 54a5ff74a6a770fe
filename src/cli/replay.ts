// `connector replay <record-id>`: process a record again from its stored payload, without calling the remote.
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { CommandFailed } from './errors.ts';
import { JSON_HELP, parseRecordId } from './options.ts';
import { withTarget } from './target.ts';

export function registerReplay(program: Command, ctx: CliContext): void {
  program
    .command('replay')
    .description('process a record again from its stored payload, without calling the source remote')
    .argument('<record-id>', 'the record to replay', parseRecordId)
    .option('--json', JSON_HELP)
    .action((id: number, options: { json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const result = await target.replay(id);
        if (options.json) ctx.out(JSON.stringify({ result }, null, 2));
        else
          ctx.out(
            `Record ${id}: replay ${result.outcome} — ${result.items} item(s), ${result.errors} need attention`,
          );
        if (result.outcome !== 'succeeded')
          throw new CommandFailed(`the replay of record ${id} did not succeed`);
      }),
    );
}
