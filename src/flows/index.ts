/**
 * The flow registry: every sync service this version has, one line per flow folder (a new flow adds its
 * line here and nothing else outside its folder — docs/adding-a-flow.md). `connector status` and the
 * API list the services in this order.
 */
import type { AnyFlow } from '../engine/flow.ts';

export const flows: AnyFlow[] = [
  (await import('./heartbeat/flow.ts')).heartbeatFlow,
  (await import('./retention/flow.ts')).retentionFlow,
  (await import('./importOrders/flow.ts')).importOrdersFlow,
  (await import('./confirmShipments/flow.ts')).confirmShipmentsFlow,
];
