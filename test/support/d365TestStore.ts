// Test double of the engine for the business rules' own tests: an EntityStore over DurableTables (with
// change-set rollback) that checks every row written against the metadata extract and makes every row
// it hands out throw when code reads a field the entity set does not have; and a tiny write pipeline
// that applies behaviours in the engine's order (read-only → computed → hook → defaults → store); with
// a sales order builder and a one-time delivery address for the tests of what happens to an order.
import { Hono } from 'hono';
import { DurableTables } from '../../src/emulators/shared/durableTables.ts';
import { fieldIndexKey } from '../../src/emulators/d365/engine/entityStore.ts';
import {
  ODataFault,
  type BehaviourContext,
  type BusinessModule,
  type EntityBehaviour,
  type EntityStore,
  type Row,
} from '../../src/emulators/d365/engine/behaviour.ts';
import {
  completeRow,
  enumMembers,
  enumTypeOf,
  hasEntitySet,
  hasField,
  keysOf,
} from '../../src/emulators/d365/business/metadata.ts';
import { thrownBy } from './failure.ts';

function keyString(entitySet: string, key: Row): string {
  return keysOf(entitySet)
    .map((k) => {
      const v = key[k];
      if (v === undefined || v === null) throw new Error(`${entitySet}: key field ${k} missing`);
      return k === 'dataAreaId' ? String(v).toLowerCase() : String(v);
    })
    .join('\u0001');
}

function checkRow(entitySet: string, row: Row): void {
  if (!hasEntitySet(entitySet)) throw new Error(`Unknown entity set ${entitySet}`);
  for (const [field, value] of Object.entries(row)) {
    if (!hasField(entitySet, field)) throw new Error(`${entitySet} has no field ${field}`);
    const enumType = enumTypeOf(entitySet, field);
    if (enumType && value !== '' && !enumMembers(enumType).includes(String(value)))
      throw new Error(`${entitySet}.${field}: '${String(value)}' is not a ${enumType} member`);
  }
}

/** Reading a PascalCase field the entity set lacks is a typo the metadata test must catch. */
function watched(entitySet: string, row: Row): Row {
  return new Proxy(row, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^[A-Z]/.test(prop) && !hasField(entitySet, prop))
        throw new Error(`Read of ${entitySet}.${prop}, which the metadata does not have`);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

export class TestStore implements EntityStore {
  readonly tables = new DurableTables();
  private depth = 0;
  /** Entity sets written, for the metadata walk. */
  readonly touched = new Set<string>();

  list(entitySet: string, company?: string): Row[] {
    if (!hasEntitySet(entitySet)) throw new Error(`Unknown entity set ${entitySet}`);
    const rows = this.tables.rows(entitySet) as Row[];
    return rows
      .filter((r) => !company || String(r.dataAreaId).toLowerCase() === company.toLowerCase())
      .map((r) => watched(entitySet, r));
  }

  listBy(entitySet: string, company: string, field: string, value: unknown): Row[] {
    if (!hasEntitySet(entitySet)) throw new Error(`Unknown entity set ${entitySet}`);
    if (!hasField(entitySet, field))
      throw new Error(`listBy on ${entitySet}.${field}, which the metadata does not have`);
    const rows = this.tables.lookup(
      entitySet,
      field,
      (r) => fieldIndexKey(String((r as Row).dataAreaId ?? '').toLowerCase(), (r as Row)[field]),
      fieldIndexKey(company.toLowerCase(), value),
    ) as Row[];
    return rows.map((r) => watched(entitySet, r));
  }

  get(entitySet: string, key: Row): Row | undefined {
    const row = this.tables.get(entitySet, keyString(entitySet, key)) as Row | undefined;
    return row && watched(entitySet, row);
  }

  insert(entitySet: string, row: Row): Row {
    checkRow(entitySet, row);
    const k = keyString(entitySet, row);
    if (this.tables.get(entitySet, k))
      throw new ODataFault(400, `Cannot create a record in ${entitySet}. The record already exists.`);
    this.tables.put(entitySet, k, { ...row });
    this.touched.add(entitySet);
    return row;
  }

  replace(entitySet: string, row: Row): Row {
    checkRow(entitySet, row);
    const k = keyString(entitySet, row);
    if (!this.tables.get(entitySet, k)) throw new Error(`${entitySet}: replace of a missing row ${k}`);
    this.tables.put(entitySet, k, { ...row });
    return row;
  }

  delete(entitySet: string, key: Row): void {
    this.tables.delete(entitySet, keyString(entitySet, key));
  }

  atomically<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    try {
      return this.tables.atomically(fn);
    } finally {
      this.depth--;
    }
  }

  /** Every stored row, per entity set. */
  all(): [string, Row[]][] {
    return [...this.touched].map((s) => [s, this.tables.rows(s) as Row[]]);
  }
}

/** A context with a fixed clock and 1-based counters per (sequence, company), like the engine's. */
export function testContext(store: EntityStore, now = new Date('2026-03-02T10:00:00Z')) {
  const counters = new Map<string, number>();
  const context = (c: string): BehaviourContext => ({
    store,
    company: c,
    now: () => now,
    nextNumber(sequence, co) {
      const k = `${sequence}/${co.toLowerCase()}`;
      const n = (counters.get(k) ?? 0) + 1;
      counters.set(k, n);
      return String(n).padStart(6, '0');
    },
  });
  return { context };
}

/** The engine's write pipeline, reduced to what the business rules depend on. */
export class TestEngine {
  readonly store = new TestStore();
  private readonly ctxs: { context: (company: string) => BehaviourContext };
  private readonly behaviours: Map<string, EntityBehaviour>;

  constructor(
    readonly business: BusinessModule,
    now?: Date,
  ) {
    this.ctxs = testContext(this.store, now);
    this.behaviours = new Map(business.behaviours.map((b) => [b.entitySet, b]));
  }

  context(company = 'usmf'): BehaviourContext {
    return this.ctxs.context(company);
  }

  seed(): this {
    this.store.atomically(() => this.business.seedDemo(this.store, this.context()));
    return this;
  }

  app(): Hono {
    const app = new Hono();
    this.business.mountSimulation(app, { store: this.store, context: (c) => this.context(c) });
    return app;
  }

  private guard(entitySet: string, row: Row): { b?: EntityBehaviour; row: Row } {
    const b = this.behaviours.get(entitySet);
    if (b?.readOnly) throw new ODataFault(400, `Entity set ${entitySet} is read-only.`);
    if (!b?.computed) return { b, row };
    const set = b.computed.fields.filter((f) => row[f] !== undefined);
    if (set.length > 0 && b.computed.onWrite === 'refuse')
      throw new ODataFault(400, `Computed field(s) cannot be written: ${set.join(', ')}`);
    return { b, row: Object.fromEntries(Object.entries(row).filter(([k]) => !set.includes(k))) };
  }

  create(entitySet: string, payload: Row, company = 'usmf'): Row {
    return this.store.atomically(() => {
      const { b, row } = this.guard(entitySet, { dataAreaId: company, ...payload });
      const ctx = this.context(String(row.dataAreaId ?? company));
      const derived = b?.onCreate ? b.onCreate(row, ctx) : row;
      return this.store.insert(entitySet, completeRow(entitySet, derived));
    });
  }

  update(entitySet: string, key: Row, patch: Row): Row {
    return this.store.atomically(() => {
      const before = this.store.get(entitySet, key);
      if (!before) throw new ODataFault(404, 'Not found');
      const { b, row } = this.guard(entitySet, patch);
      const after = { ...before, ...row };
      const ctx = this.context(String(before.dataAreaId ?? 'usmf'));
      return this.store.replace(entitySet, b?.onUpdate ? b.onUpdate({ ...before }, after, ctx) : after);
    });
  }

  /**
   * A sales order for a test about what happens to one: its header (customer AMZ-US unless `header` names
   * another) and `line`, which adds a line to it.
   */
  salesOrder(header: Row = {}) {
    const order = this.create('SalesOrderHeadersV2', { OrderingCustomerAccountNumber: 'AMZ-US', ...header });
    const number = order.SalesOrderNumber as string;
    const line = (fields: Row) => this.create('SalesOrderLines', { SalesOrderNumber: number, ...fields });
    return { order, number, line };
  }

  remove(entitySet: string, key: Row): void {
    this.store.atomically(() => {
      const row = this.store.get(entitySet, key);
      if (!row) throw new ODataFault(404, 'Not found');
      const b = this.behaviours.get(entitySet);
      if (b?.readOnly) throw new ODataFault(400, `Entity set ${entitySet} is read-only.`);
      b?.onDelete?.({ ...row }, this.context(String(row.dataAreaId ?? 'usmf')));
      this.store.delete(entitySet, key);
    });
  }
}

/** An Amazon buyer's address as the connector sends it: on the order only (IsDeliveryAddressOrderSpecific). */
export const ORDER_SPECIFIC_ADDRESS = {
  IsDeliveryAddressOrderSpecific: 'Yes',
  DeliveryAddressName: 'Jane Doe',
  DeliveryAddressStreet: '5 Elm St',
  DeliveryAddressCity: 'Seattle',
  DeliveryAddressStateId: 'WA',
  DeliveryAddressZipCode: '98101',
} as const;

/** The ODataFault a call throws (fails the test when it does not throw one). */
export const faultOf = (fn: () => unknown): ODataFault => thrownBy(fn, ODataFault);

/** POSTs JSON to a simulation route; returns status and parsed body (inspected ad hoc by tests). */
export async function postJson(
  app: Hono,
  path: string,
  body: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked with toMatchObject
): Promise<{ status: number; body: any }> {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
