/**
 * The composition root (DESIGN §3): builds the `connector` command from the CLI's command modules,
 * plugs in the flows (src/flows/index.ts) and the web server, and turns the outcome into an exit code —
 * 0 done, 1 failed, 2 wrong usage or configuration, 130 forced by a second Ctrl-C. Nothing imports it.
 *
 * The flows and the web server are plugged in as loaders, imported when a command first asks for them:
 * loaded up front they cost every command, `--help` included, a second or more of CPU (cli/context.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { loadApiTokens, readApiTokenFile } from './web/apiToken.ts';
import type { CliContext } from './cli/context.ts';
import { EXIT_FORCED, errorMessage, exitCodeFor } from './cli/errors.ts';
import { registerStart } from './cli/start.ts';
import { registerWorker } from './cli/worker.ts';
import { registerMigrate } from './cli/migrate.ts';
import { registerStatus } from './cli/status.ts';
import { registerFeed } from './cli/feed.ts';
import { registerSync } from './cli/sync.ts';
import { registerPlan } from './cli/plan.ts';
import { registerRetry } from './cli/retry.ts';
import { registerReplay } from './cli/replay.ts';
import { registerResolve } from './cli/resolve.ts';
import { registerEnable } from './cli/enable.ts';
import { registerEmulate } from './cli/emulate.ts';
import { registerCheck } from './cli/check.ts';
import { registerBackfill } from './cli/backfill.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// The first SIGINT/SIGTERM asks the running command to stop gracefully; a second Ctrl-C forces it.
const stop = new AbortController();
let finished = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!stop.signal.aborted) return stop.abort(signal);
    if (signal === 'SIGINT' && !finished) {
      process.stderr.write('Forced exit: work in progress is retried at the next start.\n');
      process.exit(EXIT_FORCED);
    }
  });
}

const ctx: CliContext = {
  deps: {
    loadFlows: async () => (await import('./flows/index.ts')).flows,
    startWebServer: async (runtime, options) =>
      (await import('./web/server.ts')).startWebServer(runtime, options),
    startMetricsServer: async (runtime, options) =>
      (await import('./web/metricsServer.ts')).startMetricsServer(runtime, options),
    loadApiTokens,
    readApiTokenFile,
  },
  env: process.env,
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  signal: stop.signal,
  // Progress bars only on a terminal: a pipe or a CI log gets plain lines instead.
  progressTerminal: process.stderr.isTTY ? process.stderr : undefined,
};

const program = new Command('connector')
  .description('Keeps an Amazon seller account and Dynamics 365 Finance & Operations in sync.')
  .version(pkg.version)
  .option(
    '-c, --config <file>',
    'configuration file, YAML or JSON (default: $CONNECTOR_CONFIG; none: demo mode)',
  )
  .option(
    '-d, --data-dir <dir>',
    'data directory: embedded database, keys, API token (default: dataDir, ./data)',
  )
  .exitOverride()
  .showHelpAfterError('(add --help for usage)')
  .addHelpText('after', '\nExit codes: 0 done, 1 failed, 2 wrong usage or configuration. See docs/cli.md.');

for (const register of [
  registerStart,
  registerWorker,
  registerMigrate,
  registerStatus,
  registerFeed,
  registerSync,
  registerPlan,
  registerCheck,
  registerBackfill,
  registerRetry,
  registerResolve,
  registerReplay,
  registerEnable,
  registerEmulate,
]) {
  register(program, ctx);
}

let code = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  code = exitCodeFor(error);
  // Commander has already printed its own usage errors.
  if (!(error instanceof CommanderError)) ctx.err(`connector: ${errorMessage(error, process.env)}`);
}
finished = true;
process.exitCode = code;
// Let stdout drain and handles close; a straggler (a pool, a timer) must not keep the process alive.
setTimeout(() => process.exit(code), 2000).unref();
