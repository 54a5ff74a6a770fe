// `connector worker`: workers only (no web server), one of several processes sharing one PostgreSQL.
import type { Command } from 'commander';
import { startRuntime } from '../runtime.ts';
import { cliLogger, dbSchemas, loadCliConfig, type CliContext } from './context.ts';
import { runUntilStopped } from './lifecycle.ts';

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description(
      'run workers only, beside a `connector start` elsewhere; needs a shared PostgreSQL (DATABASE_URL)',
    )
    .action(async (_options: object, command: Command) => {
      const loaded = loadCliConfig(command, ctx);
      const runtime = await startRuntime({
        loaded,
        flows: ctx.deps.flows,
        role: 'worker',
        log: cliLogger(ctx, true),
        env: ctx.env,
        ...dbSchemas(loaded, ctx.env),
      });
      ctx.out(
        `Worker running (pid ${process.pid}) for ${ctx.deps.flows.map((f) => f.id).join(', ')}. Stop with Ctrl-C or SIGTERM.`,
      );
      await runUntilStopped(ctx, runtime);
    });
}
