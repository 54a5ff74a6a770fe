// The orders in the emulator's durable tables, and the time helpers every order change uses. Rows are
// replaced, never mutated (DurableTables' rollback relies on it), so `update` hands the caller a copy.
import type { DurableTables } from '../../shared/durableTables.ts';
import type { StoredOrder } from './orderTypes.ts';

const ORDERS = 'orders';
const META = 'meta';
const SEQ_KEY = 'orderSeq';

/** Amazon's timestamps have second precision; stored times do too, so what is shown is what is compared. */
export const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class OrderStore {
  constructor(private readonly tables: DurableTables) {}

  get(orderId: string): StoredOrder | undefined {
    return this.tables.get(ORDERS, orderId) as StoredOrder | undefined;
  }

  all(): StoredOrder[] {
    return this.tables.rows(ORDERS) as StoredOrder[];
  }

  count(): number {
    return this.tables.size(ORDERS);
  }

  put(order: StoredOrder): void {
    this.tables.put(ORDERS, order.orderId, order);
  }

  deleteAll(): void {
    for (const order of this.all()) this.tables.delete(ORDERS, order.orderId);
  }

  /** The next creation sequence number (kept across resets, so it only ever grows). */
  nextSeq(): number {
    const seq = ((this.tables.get(META, SEQ_KEY) as number | undefined) ?? 0) + 1;
    this.tables.put(META, SEQ_KEY, seq);
    return seq;
  }
}
