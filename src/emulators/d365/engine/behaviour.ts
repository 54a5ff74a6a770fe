// The contract between the D365 emulator's generic OData engine (engine/) and the F&O business rules
// (business/). The engine knows OData: parsing, query options, paging, serialisation, ETags, $batch,
// errors. The business side knows F&O: what a create requires and derives, which fields are computed,
// when an order may be deleted, number sequences, the seed data and the `/_sim/` business simulation.
// Rows are plain objects with the F&O field names of the metadata extract; treat them as immutable.
import type { Hono } from 'hono';

export type Row = Record<string, unknown>;

/** A refusal in F&O's words: the engine renders it as F&O's error body with this status. */
export class ODataFault extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra lines for `innererror.internalexception`-style detail, e.g. the failing field. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ODataFault';
  }
}

/** Row access for behaviours and simulations. Writes join the caller's change set (atomic $batch). */
export interface EntityStore {
  /** Rows of an entity set, optionally only one company's (`dataAreaId`), in insertion order. */
  list(entitySet: string, company?: string): Row[];
  /**
   * One company's rows whose `field` is exactly `value`, in insertion order, through an index (no scan):
   * how the business rules find an order's lines or a line's deliveries as the tables grow.
   */
  listBy(entitySet: string, company: string, field: string, value: unknown): Row[];
  /** The row with this key (all key fields of the metadata, `dataAreaId` included), if any. */
  get(entitySet: string, key: Row): Row | undefined;
  /** Inserts without running behaviours (seeding, simulations, cascades); refuses a duplicate key. */
  insert(entitySet: string, row: Row): Row;
  /** Replaces the row with the same key; bumps its ETag. */
  replace(entitySet: string, row: Row): Row;
  delete(entitySet: string, key: Row): void;
  /** Runs `fn` as one atomic change set (nested calls join the outer one). */
  atomically<T>(fn: () => T): T;
}

export interface BehaviourContext {
  store: EntityStore;
  /** The request's company: the default company, or the `dataAreaId` the payload names. */
  company: string;
  now(): Date;
  /** The next value of a number sequence, e.g. ('SalesOrderNumber', 'usmf') → '000812'. */
  nextNumber(sequence: string, company: string): string;
}

/**
 * F&O rules for one entity set. Absent hooks mean "plain storage". Hooks throw `ODataFault` to refuse.
 * The engine applies, in order: read-only check → strip/refuse `computed` fields on writes → hook →
 * fill defaults for missing fields (empty string, 0, 1900-01-01, first enum member) → store.
 */
export interface EntityBehaviour {
  entitySet: string;
  /** POST/PATCH/DELETE are refused as F&O does for read-only entities. */
  readOnly?: boolean;
  /** Fields F&O derives: a write that sets them is refused (or ignored where F&O ignores them). */
  computed?: { fields: string[]; onWrite: 'refuse' | 'ignore' };
  /** Fills derived fields (number sequence, status, defaults from the customer) and validates a create. */
  onCreate?(row: Row, ctx: BehaviourContext): Row;
  /** Validates and derives on PATCH; `after` is `before` merged with the patch. */
  onUpdate?(before: Row, after: Row, ctx: BehaviourContext): Row;
  /** Refuses a delete F&O refuses (a processed order), or cascades (lines with their header). */
  onDelete?(row: Row, ctx: BehaviourContext): void;
}

/** What business/index.ts gives the engine's app. */
export interface BusinessModule {
  behaviours: EntityBehaviour[];
  /** Number sequences the business rules use, with their first values per company. */
  seedDemo(store: EntityStore, ctx: BehaviourContext): void;
  /** Mounts `/_sim/…` business simulation routes (packing slips, receipts, cancellations, trade agreements). */
  mountSimulation(
    app: Hono,
    deps: { store: EntityStore; context: (company: string) => BehaviourContext },
  ): void;
}
