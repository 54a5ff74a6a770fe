// `connector enable|disable <flow>`: switch a sync service on or off, for one connection or all.
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { serviceName } from './format.ts';
import { CONNECTION_HELP, JSON_HELP } from './options.ts';
import { withTarget } from './target.ts';

export function registerEnable(program: Command, ctx: CliContext): void {
  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    program
      .command(verb)
      .description(
        enabled
          ? 'switch a flow on: it runs now and then on its interval'
          : 'switch a flow off: it is not scheduled until enabled again (a run in progress finishes)',
      )
      .argument('<flow>', 'flow id, e.g. heartbeat')
      .option('--connection <id>', CONNECTION_HELP)
      .option('--json', JSON_HELP)
      .action((flow: string, options: { connection?: string; json?: boolean }, command: Command) =>
        withTarget(command, ctx, async (target) => {
          const keys = await target.setEnabled(flow, enabled, options.connection);
          if (options.json) return ctx.out(JSON.stringify({ services: keys, enabled }, null, 2));
          for (const key of keys) ctx.out(`${serviceName(key)}: ${verb}d`);
          if (target.mode === 'direct' && enabled) {
            ctx.out(
              'No connector is running here: the service runs once one starts (or, on PostgreSQL, a worker picks it up).',
            );
          }
        }),
      );
  }
}
