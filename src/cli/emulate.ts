// `connector emulate amazon|d365`: runs one of the local emulators standalone on 127.0.0.1, for a person
// rehearsing a setup or a test driving it from outside. With --state its state lives in a file, saved
// before each answer, so it survives SIGKILL; without, it is in memory only.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Hono } from 'hono';
import type { CliContext } from './context.ts';
import { parsePort } from './options.ts';

interface EmulateOptions {
  port: number;
  seed: 'demo' | 'none';
  timeScale: number;
  sandbox?: boolean;
  state?: string;
}

function parseSeed(value: string): 'demo' | 'none' {
  if (value !== 'demo' && value !== 'none') throw new InvalidArgumentError('must be "demo" or "none"');
  return value;
}

function parseTimeScale(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError('must be a number from 1 to 10000');
  return n;
}

export function registerEmulate(program: Command, ctx: CliContext): void {
  const emulate = program
    .command('emulate')
    .description('run a local emulator of Amazon SP-API or D365 F&O on 127.0.0.1 (see docs/emulators.md)');
  const common = (command: Command) =>
    command
      .option('-p, --port <n>', 'port on 127.0.0.1 (0: any free port)', parsePort, 0)
      .option('--seed <seed>', 'starting data: "demo" (the demo catalogue) or "none"', parseSeed, 'demo')
      .option('--time-scale <n>', 'speed up rate limits and time windows N times', parseTimeScale, 1)
      .option(
        '--state <file>',
        'keep the state in this file (saved before each answer); default: memory only',
      );

  common(
    emulate.command('amazon').description('Amazon Selling Partner API (orders) and its LWA token endpoint'),
  )
    .option('--sandbox', "answer with the models' static sandbox examples (Amazon's sandbox rules)")
    .action(async (options: EmulateOptions) => {
      // Loaded on demand: the models and the metadata extract cost every other command a second or more.
      const { createAmazonEmulator } = await import('../emulators/amazon/app.ts');
      const { demoCatalogue } = await import('../demo/demoCatalogue.ts');
      const emulator = createAmazonEmulator({
        seed: options.seed,
        timeScale: options.timeScale,
        sandbox: options.sandbox ?? false,
        stateFile: options.state && resolve(options.state),
      });
      await serveUntilStopped(ctx, 'Amazon SP-API emulator', emulator, options, (url) => {
        const { seller } = demoCatalogue();
        return [
          `  endpoint: ${url}   tokenEndpoint: ${url}/auth/o2/token`,
          `  selling partner ${seller.sellingPartnerId} (${seller.region}); demo LWA credentials: docs/emulators.md`,
        ];
      });
    });

  common(
    emulate.command('d365').description('Dynamics 365 F&O OData /data endpoint and its Entra token endpoint'),
  ).action(async (options: EmulateOptions) => {
    const { createD365Emulator } = await import('../emulators/d365/app.ts');
    const { demoCatalogue } = await import('../demo/demoCatalogue.ts');
    const emulator = createD365Emulator({
      seed: options.seed,
      timeScale: options.timeScale,
      stateFile: options.state && resolve(options.state),
    });
    await serveUntilStopped(ctx, 'D365 F&O emulator', emulator, options, (url) => {
      const { d365 } = demoCatalogue();
      return [
        `  environmentUrl: ${url}   OData: ${url}/data`,
        `  tokenEndpoint: ${url}/${d365.tenantId}/oauth2/v2.0/token (tenant ${d365.tenantId}); demo credentials: docs/emulators.md`,
      ];
    });
  });
}

async function serveUntilStopped(
  ctx: CliContext,
  name: string,
  emulator: { app: Hono; close(): void | Promise<void> },
  options: EmulateOptions,
  describe: (url: string) => string[],
): Promise<void> {
  const { serveEmulator } = await import('../emulators/shared/serveEmulator.ts');
  const served = await serveEmulator(emulator.app, options.port);
  ctx.out(`${name} listening on ${served.url} (pid ${process.pid})`);
  for (const line of describe(served.url)) ctx.out(line);
  ctx.out(`  state: ${options.state ? resolve(options.state) : 'in memory'}; stop with Ctrl-C or SIGTERM.`);
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) return done();
    ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  await served.close();
  await emulator.close();
  ctx.err(`${name} stopped.`);
}
