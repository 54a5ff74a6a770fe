// `connector check`: the pre-flight. Verifies, writing nothing, what each flow relies on — credentials of
// both remotes, the remote setup its settings and mappings name — and prints every item with ✓ or ✗,
// and for a failure what to fix where. Exits 1 when anything failed, so a deployment script can gate on it.
import type { Command } from 'commander';
import { progressOf, type CliContext } from './context.ts';
import { CommandFailed } from './errors.ts';
import { CONNECTION_HELP, JSON_HELP } from './options.ts';
import { withTarget, type CheckView, type Target } from './target.ts';

export function renderCheck(check: CheckView): string {
  const failed = check.items.filter((item) => !item.ok).length;
  const verdict = check.items.length === 0 ? 'nothing to check' : failed ? `${failed} failed` : 'all ok';
  const lines = [`${check.title} (${check.flow}, ${check.connection}): ${verdict}`];
  for (const item of check.items) {
    lines.push(`  ${item.ok ? '✓' : '✗'} ${item.name}: ${item.detail}`);
    if (!item.ok && item.fix) lines.push(`      fix: ${item.fix}`);
  }
  return lines.join('\n');
}

export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('pre-flight: verify credentials and the remote setup each flow relies on, writing nothing')
    .option('--flow <id>', 'only this flow (default: every flow that has a check)')
    .option('--connection <id>', CONNECTION_HELP)
    .option('--json', JSON_HELP)
    .action((options: { flow?: string; connection?: string; json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const checks = await checkWithProgress(ctx, target, options.flow, options.connection);
        const items = checks.flatMap((check) => check.items);
        const failed = items.filter((item) => !item.ok).length;
        if (options.json) ctx.out(JSON.stringify({ ok: failed === 0, checks }, null, 2));
        else if (checks.length === 0)
          ctx.out(
            'Nothing to check: no flow with a pre-flight check runs for a connection of this configuration ' +
              '(in demo mode the connection exists while the connector runs: check beside `connector start`).',
          );
        else {
          for (const check of checks) ctx.out(renderCheck(check));
          ctx.out(`${items.length} item(s) checked, ${failed} failed. Nothing was written.`);
        }
        if (failed > 0) throw new CommandFailed(`check: ${failed} item(s) failed; fix them and check again`);
      }),
    );
}

/**
 * Checks flow by flow, so that a check of many flows (each reading both remotes) shows how far it got
 * and how long is left; one named flow is one step. The flows with a check are the CLI's own list, the
 * same one the connector runs.
 */
async function checkWithProgress(
  ctx: CliContext,
  target: Target,
  flow: string | undefined,
  connection: string | undefined,
): Promise<CheckView[]> {
  const flows = flow ? [flow] : (await ctx.deps.loadFlows()).filter((f) => f.check).map((f) => f.id);
  // No flow with a check: the target still says whether the connection named exists.
  if (flows.length === 0) return target.check(undefined, connection);
  const progress = progressOf(ctx);
  const checks: CheckView[] = [];
  try {
    for (const [done, id] of flows.entries()) {
      progress.update({ label: `check ${id}`, done, total: flows.length, unit: 'flows' });
      checks.push(...(await target.check(id, connection)));
    }
    progress.update({ label: 'check', done: flows.length, total: flows.length, unit: 'flows' });
  } finally {
    progress.end();
  }
  return checks;
}
