// `connector sync <flow>`: run a flow now — queued in the running connector, or run in this process.
import type { Command } from 'commander';
import { progressOf, type CliContext } from './context.ts';
import { CommandFailed } from './errors.ts';
import { formatRun, runsFailed, serviceName } from './format.ts';
import { CONNECTION_HELP, JSON_HELP } from './options.ts';
import { withTarget } from './target.ts';

export function registerSync(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('run a flow now (beside a running connector it is queued there; otherwise it runs here)')
    .argument('<flow>', 'flow id, e.g. heartbeat')
    .option('--connection <id>', CONNECTION_HELP)
    .option('--json', JSON_HELP)
    .action((flow: string, options: { connection?: string; json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        // Run here (no connector running), a long run — a first full sync — shows its pages' progress:
        // items so far against items so far plus what its plan says still waits.
        const progress = progressOf(ctx);
        target.onPage = (page) =>
          progress.update({
            label: `${page.flow} (${page.connectionId})`,
            done: page.items,
            total: page.backlog === undefined ? undefined : page.items + page.backlog,
            unit: 'items',
          });
        if (!options.json)
          target.onRun = (key, run) => {
            progress.end();
            ctx.out(formatRun(key, run));
          };
        const { keys, runs } = await target.runNow(flow, options.connection).finally(() => progress.end());
        if (options.json) ctx.out(JSON.stringify({ mode: target.mode, services: keys, runs }, null, 2));
        else if (target.mode === 'api') {
          for (const key of keys) ctx.out(`${serviceName(key)}: queued in the running connector`);
          ctx.out(`Follow it with: connector feed --follow --flow ${flow}`);
        } else if (keys.length === 0) {
          ctx.out(`${flow} runs for no connection in this configuration: nothing to run`);
        }
        if (runsFailed(runs)) throw new CommandFailed(`${flow}: not every run succeeded (see above)`);
      }),
    );
}
