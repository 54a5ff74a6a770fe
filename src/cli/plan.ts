// `connector plan <flow>`: a dry run — what a run would do now, per connection; nothing is written.
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { table } from './format.ts';
import { CONNECTION_HELP, JSON_HELP } from './options.ts';
import { withTarget, type PlanView } from './target.ts';

export function renderPlan(flow: string, { connection, plan }: PlanView): string {
  const lines = [`${flow} (${connection}): ${plan.actions.length} action(s)`];
  if (plan.actions.length > 0) {
    const rows = plan.actions.map((a) => [a.action, a.externalId ?? '', a.description]);
    lines.push(table(['ACTION', 'ID', 'DESCRIPTION'], rows).replace(/^/gm, '  '));
  }
  const facts = [`more waiting after this page: ${plan.hasMore ? 'yes' : 'no'}`];
  if (plan.backlog !== undefined) facts.push(`backlog: ${plan.backlog}`);
  if (plan.lagSeconds !== undefined) facts.push(`lag: ${plan.lagSeconds}s`);
  lines.push(`  ${facts.join(' · ')}`);
  return lines.join('\n');
}

export function registerPlan(program: Command, ctx: CliContext): void {
  program
    .command('plan')
    .description('dry run: print what a run of the flow would do now, writing nothing')
    .argument('<flow>', 'flow id, e.g. heartbeat')
    .option('--connection <id>', CONNECTION_HELP)
    .option('--json', JSON_HELP)
    .action((flow: string, options: { connection?: string; json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const plans = await target.plan(flow, options.connection);
        if (options.json) return ctx.out(JSON.stringify({ plans }, null, 2));
        if (plans.length === 0) ctx.out(`${flow} runs for no connection in this configuration`);
        for (const plan of plans) ctx.out(renderPlan(flow, plan));
        ctx.out('Dry run: nothing was written.');
      }),
    );
}
