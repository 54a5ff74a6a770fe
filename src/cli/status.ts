// `connector status`: a table of every sync service — switch, last run, next run, items, errors, backlog.
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { relative, serviceName, table } from './format.ts';
import { JSON_HELP } from './options.ts';
import { withTarget, type ServiceView } from './target.ts';

function lastRun(s: ServiceView): string {
  if (s.running) return `running since ${relative(s.lastRun.startedAt)}`;
  if (!s.lastRun.outcome) return 'never';
  return `${s.lastRun.outcome} ${relative(s.lastRun.endedAt ?? s.lastRun.startedAt)}`;
}

function nextRun(s: ServiceView): string {
  if (!s.enabled) return '—';
  if (!s.nextRunAt) return 'not scheduled';
  return new Date(s.nextRunAt).getTime() <= Date.now() ? 'due' : relative(s.nextRunAt);
}

export function renderStatus(services: ServiceView[]): string {
  const rows = services.map((s) => [
    s.flow,
    s.connection,
    s.enabled ? 'yes' : 'no',
    lastRun(s),
    nextRun(s),
    String(s.itemsProcessed),
    String(s.errors),
    s.backlog === null ? '—' : String(s.backlog),
  ]);
  const lines = [
    table(['FLOW', 'CONNECTION', 'ENABLED', 'LAST RUN', 'NEXT RUN', 'ITEMS', 'ERRORS', 'BACKLOG'], rows),
  ];
  for (const s of services.filter((s) => s.lastRun.outcome === 'failed')) {
    lines.push(
      `${serviceName({ flow: s.flow, connectionId: s.connection })} last run failed: ${s.lastRun.message}`,
    );
  }
  return lines.join('\n');
}

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show every sync service: enabled, last and next run, items, errors, backlog')
    .option('--json', JSON_HELP)
    .action((options: { json?: boolean }, command: Command) =>
      withTarget(command, ctx, async (target) => {
        const services = await target.services();
        if (options.json) return ctx.out(JSON.stringify({ services }, null, 2));
        ctx.out(target.describe);
        if (services.length === 0) {
          ctx.out('No services yet: the connector creates them when it starts (`connector start`).');
          return;
        }
        ctx.out(renderStatus(services));
      }),
    );
}
