// The SP-API operations the stateful emulator serves, with the default usage plans of their models
// (reference §2). The SP-API gate resolves each request here before authorising and metering it, so a
// request is counted and limited under its operation even when it is then refused.
import type { ResolvedOperation } from './spApiGate.ts';

export interface OperationDef {
  operationId: string;
  /** The model file declaring it (without `.json`), so a validator can tell Orders v0 `getOrder` apart. */
  model: string;
  method: string;
  pattern: RegExp;
  /** Default usage plan: tokens per second and bucket size. */
  rate: number;
  burst: number;
}

export const OPERATIONS: readonly OperationDef[] = [
  {
    operationId: 'searchOrders',
    model: 'orders_2026-01-01',
    method: 'GET',
    pattern: /^\/orders\/2026-01-01\/orders$/,
    rate: 0.0056,
    burst: 20,
  },
  {
    operationId: 'getOrder',
    model: 'orders_2026-01-01',
    method: 'GET',
    pattern: /^\/orders\/2026-01-01\/orders\/([^/]+)$/,
    rate: 0.5,
    burst: 30,
  },
  {
    operationId: 'confirmShipment',
    model: 'ordersV0',
    method: 'POST',
    pattern: /^\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/,
    rate: 2,
    burst: 10,
  },
];

/** The stateful emulator's operation for a request, with its model's usage plan. */
export function resolveOperation(method: string, path: string): ResolvedOperation | undefined {
  const op = OPERATIONS.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
  return op && { operationId: op.operationId, model: op.model, plan: { rate: op.rate, burst: op.burst } };
}
