/**
 * What the two feeds benchmarks (bench/feedsClient.ts, bench/feedsEmulator.ts) share: the offer message
 * both send (a price and quantity PATCH, varied by its index), and the timer that measures each phase's
 * wall time, CPU and resident memory.
 */
import { performance } from 'node:perf_hooks';

export const US = 'ATVPDKIKX0DER';
export const mib = (bytes: number) => bytes / 2 ** 20;

/** A JSON_LISTINGS_FEED PATCH of the offer's price and quantity (without its messageId). */
export function offerPatch(sku: string, i: number) {
  return {
    operationType: 'PATCH' as const,
    sku,
    productType: 'HEADPHONES',
    patches: [
      {
        op: 'replace' as const,
        path: '/attributes/purchasable_offer',
        value: [
          {
            marketplace_id: US,
            currency: 'USD',
            audience: 'ALL',
            our_price: [{ schedule: [{ value_with_tax: 50 + (i % 100) / 100 }] }],
          },
        ],
      },
      {
        op: 'replace' as const,
        path: '/attributes/fulfillment_availability',
        value: [{ fulfillment_channel_code: 'DEFAULT', quantity: i % 50 }],
      },
    ],
  };
}

export interface Phase {
  name: string;
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

/** A timer whose `phase` runs `fn` and records its wall time, CPU time and the RSS after it in `phases`. */
export function phaseTimer() {
  const phases: Phase[] = [];
  const phase = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await fn();
    const used = process.cpuUsage(cpu);
    phases.push({
      name,
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      rssMiB: mib(process.memoryUsage().rss),
    });
    return result;
  };
  return { phases, phase };
}
