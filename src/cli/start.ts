// `connector start`: web server, scheduler and workers in one process, until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import type { AnyFlow } from '../engine/flow.ts';
import type { Runtime } from '../runtime.ts';
import { DataDirLockedError } from '../store/dataDirLock.ts';
import { cliLogger, dbSchemas, loadCliConfig, type CliContext } from './context.ts';
import { CommandFailed } from './errors.ts';
import { runUntilStopped } from './lifecycle.ts';
import { parsePort } from './options.ts';

export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the connector: web API and dashboard, scheduler and workers in one process')
    .option('-p, --port <n>', 'HTTP port (default: server.port in the config, 8080)', parsePort)
    .addHelpText('after', '\nWith no configuration it runs in demo mode on the embedded database in ./data.')
    .action(async (options: { port?: number }, command: Command) => {
      const loaded = await loadCliConfig(command, ctx, { port: options.port });
      const { config } = loaded;
      const tokens = ctx.deps.loadApiTokens({ config, env: ctx.env, demo: loaded.demo });
      const database = config.database ? 'PostgreSQL' : `the embedded database in ${resolve(config.dataDir)}`;
      ctx.err(
        `Starting the connector (${loaded.demo ? 'demo mode, no configuration file' : loaded.source}) on ${database}…`,
      );
      // Loaded here, not at the top, like the flows: other commands do without them (context.ts).
      const { startRuntime } = await import('../runtime.ts');
      const flows = await ctx.deps.loadFlows();
      const log = await cliLogger(ctx, true);
      let runtime: Runtime;
      try {
        runtime = await startRuntime({
          loaded,
          flows,
          role: 'all',
          log,
          env: ctx.env,
          ...dbSchemas(loaded, ctx.env),
          startWeb: (rt) => ctx.deps.startWebServer(rt, { apiTokens: tokens.tokens }),
          // Demo mode: the emulators start once the data directory (and their state in it) is ours.
          attach: loaded.demo ? attachDemoEmulators(ctx, flows) : undefined,
        });
      } catch (error) {
        throw explainStartFailure(error);
      }
      ctx.out(`Connector running at ${runtime.web?.url ?? '(no web server)'} (pid ${process.pid})`);
      ctx.out(
        tokens.path
          ? `API token: in ${resolve(tokens.path)} (the dashboard login and CLI commands use it)`
          : `API tokens (${tokens.source}): ${tokens.tokens.map((t) => `${t.name} (${t.role})`).join(', ')}`,
      );
      ctx.out(`Services: ${flows.map((f) => f.id).join(', ')}. Stop with Ctrl-C or SIGTERM.`);
      await runUntilStopped(ctx, runtime);
    });
}

function attachDemoEmulators(ctx: CliContext, flows: AnyFlow[]) {
  return async (loaded: LoadedConfig) => {
    // Loaded on demand: only demo mode needs the emulators (and their models) in this process.
    const { startDemoEmulators, withDemoConnection } = await import('./demoEmulators.ts');
    const emulators = await startDemoEmulators(loaded.config.dataDir, loaded.config.timeScale);
    ctx.out(
      `Demo: Amazon SP-API emulator at ${emulators.amazonUrl}, D365 F&O emulator at ${emulators.d365Url}`,
    );
    return { loaded: withDemoConnection(loaded, emulators, flows), close: emulators.close };
  };
}

/** A second `start` on a data directory: say where the first one answers. */
function explainStartFailure(error: unknown): unknown {
  if (error instanceof DataDirLockedError && typeof error.context.apiUrl === 'string') {
    return new CommandFailed(`${error.message} That connector answers at ${error.context.apiUrl}.`);
  }
  return error;
}
