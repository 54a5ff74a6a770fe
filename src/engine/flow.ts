/**
 * The flow contract (DESIGN §4.5). A flow is a sync service: data + a pure planner + a thin executor.
 *
 *   load(ctx)            reads what the flow needs (remote snapshots, links, cursors) — I/O only
 *   plan(snapshot, ctx)  decides what to do — pure, no I/O, unit-tested, shown by `plan --dry-run`
 *   apply(plan, ctx)     performs the plan and records it; the cursor advances in the same transaction
 *
 * The runner repeats load → plan → apply page by page until the plan says nothing more is waiting or
 * the run's time is up, so each run stays short and bounded (DESIGN §2.3).
 */
import type { z } from 'zod';
import type { RunContext } from './runContext.ts';
import type { SyncRecord } from '../store/repos/records.ts';

export interface PlannedAction {
  /** What will happen, e.g. 'create', 'update', 'skip'. */
  action: string;
  /** The external id the action is about (order id, SKU), when there is one. */
  externalId?: string;
  /** One line a person understands. Never personal data. */
  description: string;
}

export interface Plan<A extends PlannedAction = PlannedAction> {
  actions: A[];
  /** True when more work is waiting beyond this page. */
  hasMore: boolean;
  /** Work waiting, when the flow can tell. */
  backlog?: number;
  /** How far behind the remote the flow is, in seconds, when it can tell. */
  lagSeconds?: number;
}

export interface ApplyResult {
  /** Items processed (synced or put aside for a person). */
  items: number;
  /** Items that ended in needs_attention or failed. */
  errors: number;
}

/** One line of a pre-flight check (`connector check`). */
export interface CheckItem {
  /** What was checked, e.g. "D365 mode of delivery AMZ-STD in usmf". */
  name: string;
  ok: boolean;
  /** What was found; for a failure, what is missing. Never secrets or personal data. */
  detail: string;
  /** For a failure: what to do, and where. */
  fix?: string;
}

/**
 * What `plan` sees of a run: who it runs for (the connection, for connection-scoped flows), the flow's
 * settings and the clock — nothing that does I/O.
 */
export type PlanContext<C = Settings> = Pick<
  RunContext<C>,
  'connectionId' | 'connection' | 'settings' | 'now'
>;

/** A flow's settings as its schema parsed them (defaults filled in); untyped for flows without one. */
export type Settings = Record<string, unknown>;

/**
 * A flow: `S` the snapshot `load` reads, `A` the actions `plan` decides, `C` its settings (the output of
 * its `settings` schema, parsed once per run), `R` the remote clients `ctx.remotes()` gives it — the
 * engine never knows which: the composition root hands in a factory (runtime.ts).
 */
export interface Flow<S = unknown, A extends PlannedAction = PlannedAction, C = Settings, R = unknown> {
  /** The one id used everywhere: API paths, CLI, queues, the feed. */
  id: string;
  title: string;
  description: string;
  /** Its page for people, from the repository root: `docs/flows/<page>.md` (How it works, Settings…). */
  docs: string;
  /** 'connection': one service per connection; 'global': one for the whole installation. */
  scope: 'connection' | 'global';
  schedule: { intervalSeconds: number; enabledByDefault: boolean };
  /** Extra per-flow settings beside `enabled` and `intervalSeconds`, validated at start. */
  settings?: z.ZodType<C>;
  load(ctx: RunContext<C, R>): Promise<S>;
  plan(snapshot: S, ctx: PlanContext<C>): Plan<A>;
  apply(plan: Plan<A>, snapshot: S, ctx: RunContext<C, R>): Promise<ApplyResult>;
  /**
   * Processes one record again from its stored payload, without calling the source remote
   * (`connector replay`). Flows without stored payloads leave it out.
   */
  replay?(record: SyncRecord, payload: unknown, ctx: RunContext<C, R>): Promise<ApplyResult>;
  /**
   * Pre-flight (`connector check`): verifies, without writing, what the flow relies on — credentials of
   * both remotes, the remote setup its settings and mappings name. Runs with a dry-run context.
   */
  check?(ctx: RunContext<C, R>): Promise<CheckItem[]>;
  /**
   * Goes back over the source from `since` (`connector backfill <flow> --since`): records the request
   * (through `ctx.commit`) for the next runs to work through, and says in one line what will happen.
   */
  backfill?(since: Date, ctx: RunContext<C, R>): Promise<string>;
  /** Its settings and mapping tables in demo mode (from the demo catalogue). */
  demo?(): DemoDefaults;
}

/** Services not bound to a connection run under this id. */
export const GLOBAL_CONNECTION = 'global';

export function defineFlow<S, A extends PlannedAction, C = Settings, R = unknown>(
  flow: Flow<S, A, C, R>,
): Flow<S, A, C, R> {
  return flow;
}

/** A row of a mapping table, as the configuration holds it. */
export type MappingRow = Record<string, string | number | boolean>;

/**
 * What a flow brings to demo mode (`npm start` with no configuration), built from the demo catalogue so
 * that it works against the emulators out of the box. What the configuration sets itself wins.
 */
export interface DemoDefaults {
  /** Its `services.<flow id>` settings in demo mode (may include `intervalSeconds`). */
  settings?: Record<string, unknown>;
  /** Mapping tables it needs, rows per table name (`mappings.<table>`). */
  mappings?: Record<string, MappingRow[]>;
}

/** Type-erased flow, as kept in the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFlow = Flow<any, any, any, any>;
