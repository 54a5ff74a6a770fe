// `connector worker`: workers only (no web API), one of several processes sharing one PostgreSQL; with
// --metrics-port, GET /metrics alone on a port of its own, so each worker's remote exchanges are scraped.
import type { Command } from 'commander';
import { cliLogger, dbSchemas, loadCliConfig, type CliContext } from './context.ts';
import { runUntilStopped } from './lifecycle.ts';
import { parsePort } from './options.ts';

interface WorkerOptions {
  metricsPort?: number;
  metricsHost: string;
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description(
      'run workers only, beside a `connector start` elsewhere; needs a shared PostgreSQL (DATABASE_URL)',
    )
    .option(
      '--metrics-port <n>',
      "serve this worker's GET /metrics on this port, behind the API tokens (0: any free port)",
      parsePort,
    )
    .option('--metrics-host <host>', 'the address the metrics listener binds', '127.0.0.1')
    .action(async (options: WorkerOptions, command: Command) => {
      const loaded = await loadCliConfig(command, ctx);
      const { metricsPort, metricsHost } = options;
      // Loaded before anything starts: a worker asked to serve metrics without a token refuses to start.
      const tokens =
        metricsPort === undefined
          ? undefined
          : ctx.deps.loadApiTokens({ config: loaded.config, env: ctx.env, demo: false }).tokens;
      // Loaded here, not at the top, like the flows: other commands do without them (context.ts).
      const { startRuntime } = await import('../runtime.ts');
      const flows = await ctx.deps.loadFlows();
      const runtime = await startRuntime({
        loaded,
        flows,
        role: 'worker',
        log: await cliLogger(ctx, true),
        env: ctx.env,
        ...dbSchemas(loaded, ctx.env),
        ...(tokens && {
          startWeb: (rt) =>
            ctx.deps.startMetricsServer(rt, { apiTokens: tokens, port: metricsPort!, host: metricsHost }),
        }),
      });
      ctx.out(
        `Worker running (pid ${process.pid}) for ${flows.map((f) => f.id).join(', ')}. Stop with Ctrl-C or SIGTERM.`,
      );
      if (runtime.web) ctx.out(`Worker metrics at ${runtime.web.url}/metrics (an API token is required)`);
      await runUntilStopped(ctx, runtime);
    });
}
