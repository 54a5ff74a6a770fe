// The Amazon emulator's options and the context its modules share. One place resolves the defaults, so
// every module sees the same clock, time scale, catalogue and seller.
import type { DurableTables } from '../shared/durableTables.ts';
import type { ProcessingTiming } from './feeds/feedTypes.ts';
import { demoCatalogue, type DemoCatalogue } from '../../demo/demoCatalogue.ts';

/** One SP-API answer, as the emulator sent it (for model validation in tests). */
export interface Exchange {
  /** The operation's id in its model, e.g. `searchOrders`; `unmatched` for a path no operation serves. */
  operationId: string;
  /** The model file (without `.json`) that declares the operation, e.g. `orders_2026-01-01`. */
  model: string;
  method: string;
  path: string;
  status: number;
  /** Parsed JSON body; undefined when the answer has no body (204). */
  body: unknown;
  headers: Headers;
}

export interface AmazonEmulatorOptions {
  /** Speeds up rate-limit refill and the emulator's time windows (default 1 = Amazon's real values). */
  timeScale?: number;
  /** Answer every SP-API call from the models' static sandbox examples instead of the stateful store. */
  sandbox?: boolean;
  /** Keep the state in this journal file (saved before each answer); in memory only when absent. */
  stateFile?: string;
  /** `demo` seeds a few varied orders on an empty state; `none` starts empty. */
  seed?: 'demo' | 'none';
  /** The application's restricted roles: without them buyer / recipient personal data is withheld. */
  roles?: { buyer?: boolean; recipient?: boolean };
  /** The emulator's clock in epoch milliseconds (tests pass a controllable one). */
  now?: () => number;
  /**
   * Amazon time (scaled by `timeScale`) from an ACCEPTED listings submission to its being visible, and
   * from then to a new ASIN. Defaults: 5 minutes and 30 minutes.
   */
  listings?: { applyDelayMs?: number; asinCreationDelayMs?: number };
  /**
   * Feed and report processing delays in Amazon milliseconds (scaled by `timeScale`) and the size above
   * which documents are stored gzip-compressed; `POST /_sim/processing` changes them at run time.
   */
  processing?: Partial<ProcessingTiming>;
  /** Called with every SP-API answer (not `/_sim/`, not the token endpoint, not injected faults). */
  onExchange?: (exchange: Exchange) => void;
}

/** What the emulator's modules share. */
export interface EmulatorContext {
  tables: DurableTables;
  catalogue: DemoCatalogue;
  sellerId: string;
  timeScale: number;
  roles: { buyer: boolean; recipient: boolean };
  now(): number;
  /** A window of Amazon's (e.g. the two-minute rule, the 24-hour token life) shortened by the time scale. */
  scaled(ms: number): number;
}

export function createContext(options: AmazonEmulatorOptions, tables: DurableTables): EmulatorContext {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  const catalogue = demoCatalogue();
  return {
    tables,
    catalogue,
    sellerId: catalogue.seller.sellingPartnerId,
    timeScale,
    roles: { buyer: options.roles?.buyer ?? true, recipient: options.roles?.recipient ?? true },
    now: options.now ?? Date.now,
    scaled: (ms) => ms / timeScale,
  };
}
