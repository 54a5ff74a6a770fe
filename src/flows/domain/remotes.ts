/**
 * The remote clients a connection-scoped flow talks through — one Amazon SP-API client and one D365 F&O
 * client per connection — and the run context flows see with them. The engine is generic over this
 * type and never imports a client; runtime.ts builds them (on first use, per connection) and hands the
 * factory to the engine.
 */
import type { AmazonClient } from '../../amazon/client.ts';
import type { D365Client } from '../../d365/index.ts';
import type { PlanContext, Settings } from '../../engine/flow.ts';
import type { RunContext } from '../../engine/runContext.ts';

export interface Remotes {
  amazon: AmazonClient;
  d365: D365Client;
}

/** What a sync flow's `load`, `apply` and hooks get: the run context with both remote clients. */
export type FlowContext<C = Settings> = RunContext<C, Remotes>;

export type { PlanContext };
