/**
 * Runs a flow's optional hooks — the pre-flight `check` and `backfill` — for one connection or for every
 * connection the flow runs for, each with a proper RunContext:
 *
 * - `check` gets a dry-run context: it may read both remotes, and `commit` refuses, so a check writes
 *   nothing (but the live feed). Whatever goes wrong — invalid settings, missing credentials, a hook
 *   that throws — becomes a failed CheckItem: a check reports, it never ends in an error.
 * - `backfill` gets an ordinary context whose `commit` is a plain transaction, without the run lease: it
 *   only records a request that the service's next runs (which hold the lease) work through.
 *
 * Both are bounded by the run timeout, like a run, and stop when the process shuts down.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError, describeError } from '../errors.ts';
import type { AnyFlow, CheckItem } from './flow.ts';
import type { FlowRegistry } from './registry.ts';
import { buildContext, type RunnerDeps } from './runner.ts';
import { serviceKeys } from './serviceKeys.ts';
import { notInFuture } from './backfillSince.ts';

export { parseBackfillSince } from './backfillSince.ts';

export interface FlowCheck {
  flow: string;
  title: string;
  connection: string;
  /** True when every item is ok. */
  ok: boolean;
  items: CheckItem[];
}

export interface FlowBackfill {
  flow: string;
  connection: string;
  /** What will happen, in one line, as the flow says it. */
  message: string;
}

/** A signal for one hook call: the process's shutdown, or the run timeout (kept alive by its timer). */
function hookSignal(deps: RunnerDeps): { signal: AbortSignal; clear(): void } {
  const timeUp = new AbortController();
  const timer = setTimeout(
    () => timeUp.abort(new Error('the run time is up')),
    deps.config.jobs.runTimeoutSeconds * 1000,
  );
  timer.unref();
  return { signal: AbortSignal.any([deps.shutdown, timeUp.signal]), clear: () => clearTimeout(timer) };
}

function fixFor(error: unknown, flow: AnyFlow): string {
  if (error instanceof ConnectorError && error.kind === 'config') {
    return `correct the configuration (services.${flow.id}, or the connection) and check again`;
  }
  return 'check again; if it keeps failing, the connector log has the details';
}

/** The pre-flight of one flow for one connection; never throws (but for an unknown connection). */
export async function checkFlow(deps: RunnerDeps, flow: AnyFlow, connectionId: string): Promise<CheckItem[]> {
  if (!flow.check) return [];
  const { signal, clear } = hookSignal(deps);
  try {
    const ctx = buildContext(deps, flow, connectionId, `check-${randomUUID()}`, signal, undefined, true);
    return await flow.check(ctx);
  } catch (error) {
    if (error instanceof ConnectorError && /^there is no connection /.test(error.message)) throw error;
    return [
      {
        name: `${flow.title}: pre-flight check`,
        ok: false,
        detail: `the check could not run: ${describeError(error)}`,
        fix: fixFor(error, flow),
      },
    ];
  } finally {
    clear();
  }
}

/** The flows a check covers: the one named (which must have a check), or every flow that has one. */
function flowsToCheck(registry: FlowRegistry, flowId?: string): AnyFlow[] {
  if (!flowId) return registry.all().filter((flow) => flow.check);
  const flow = registry.get(flowId);
  if (!flow.check) {
    const withCheck = registry
      .all()
      .filter((f) => f.check)
      .map((f) => f.id);
    throw new ConnectorError(
      'config',
      `the ${flow.id} flow has no pre-flight check; flows with one: ${withCheck.join(', ') || 'none'}`,
      { context: { notFound: true } },
    );
  }
  return [flow];
}

/** Checks per flow × connection (narrowed by `flowId` / `connectionId`), one after the other. */
export async function checkServices(
  deps: RunnerDeps,
  registry: FlowRegistry,
  flowId?: string,
  connectionId?: string,
): Promise<FlowCheck[]> {
  const flows = flowsToCheck(registry, flowId);
  // Validates the connection name even when no flow has a check.
  serviceKeys(deps.config, registry, flowId, connectionId);
  const out: FlowCheck[] = [];
  for (const flow of flows) {
    for (const key of serviceKeys(deps.config, registry, flow.id, connectionId)) {
      if (deps.shutdown.aborted) return out;
      const items = await checkFlow(deps, flow, key.connectionId);
      out.push({
        flow: flow.id,
        title: flow.title,
        connection: key.connectionId,
        ok: items.every((item) => item.ok),
        items,
      });
    }
  }
  return out;
}

/** Asks the flow to go back over its source from `since`, for one connection. */
export async function backfillFlow(
  deps: RunnerDeps,
  flow: AnyFlow,
  connectionId: string,
  since: Date,
): Promise<string> {
  if (!flow.backfill) throw cannotBackfill(flow, []);
  const { signal, clear } = hookSignal(deps);
  try {
    const ctx = buildContext(deps, flow, connectionId, `backfill-${randomUUID()}`, signal, undefined, false);
    const message = await flow.backfill(since, ctx);
    await ctx.log.info(`${flow.title}: backfill from ${since.toISOString()} requested: ${message}`, {
      since: since.toISOString(),
    });
    return message;
  } finally {
    clear();
  }
}

function cannotBackfill(flow: AnyFlow, able: string[]): ConnectorError {
  return new ConnectorError(
    'config',
    `the ${flow.id} flow cannot backfill; flows that can: ${able.join(', ') || 'none'}`,
    { context: { notFound: true } },
  );
}

/** Backfill of one flow for every connection it runs for (or the one named). */
export async function backfillServices(
  deps: RunnerDeps,
  registry: FlowRegistry,
  flowId: string,
  since: Date,
  connectionId?: string,
): Promise<FlowBackfill[]> {
  const flow = registry.get(flowId);
  if (!flow.backfill) {
    throw cannotBackfill(
      flow,
      registry
        .all()
        .filter((f) => f.backfill)
        .map((f) => f.id),
    );
  }
  if (Number.isNaN(since.getTime())) throw new ConnectorError('config', 'the backfill needs a valid date');
  notInFuture(since, new Date());
  const out: FlowBackfill[] = [];
  for (const key of serviceKeys(deps.config, registry, flowId, connectionId)) {
    const message = await backfillFlow(deps, flow, key.connectionId, since);
    out.push({ flow: flow.id, connection: key.connectionId, message });
  }
  return out;
}
