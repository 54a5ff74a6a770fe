// The sales order a simulation acts on (cancel, post a packing slip, view): its header, or F&O's
// "does not exist" answered as 404 — one message wherever a person names an order that is not there.
import type { EntityStore, Row } from '../../engine/behaviour.ts';
import { headerOf } from '../salesOrderState.ts';
import { simError } from './http.ts';

export function existingOrder(store: EntityStore, company: string, salesOrderNumber: string): Row {
  const header = headerOf(store, company, salesOrderNumber);
  if (!header) throw simError(404, `Sales order ${salesOrderNumber} does not exist in company ${company}.`);
  return header;
}
