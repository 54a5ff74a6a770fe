// The processing delays of feeds and reports and the gzip threshold of documents: the emulator's options
// give the defaults, `POST /_sim/processing` changes them at run time (durably, so a restarted demo keeps
// them), `/_sim/reset` puts the defaults back.
import type { DurableTables } from '../../shared/durableTables.ts';
import { DEFAULT_PROCESSING, type ProcessingTiming } from './feedTypes.ts';

const META = 'meta';
const KEY = 'processingTiming';

export class ProcessingSettings {
  private readonly defaults: ProcessingTiming;

  constructor(
    private readonly tables: DurableTables,
    options: Partial<ProcessingTiming> = {},
  ) {
    this.defaults = { ...DEFAULT_PROCESSING, ...options };
  }

  get(): ProcessingTiming {
    return { ...this.defaults, ...(this.tables.get(META, KEY) as Partial<ProcessingTiming> | undefined) };
  }

  set(changes: Partial<ProcessingTiming>): ProcessingTiming {
    const next = { ...this.get(), ...changes };
    this.tables.put(META, KEY, next);
    return next;
  }

  reset(): void {
    this.tables.delete(META, KEY);
  }
}
