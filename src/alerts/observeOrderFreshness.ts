/**
 * The order-freshness rule for one connection: reads its imported orders per hour (the imported-orders
 * read model the order import keeps) and lets judgeFreshness decide. Only a connection whose order
 * import is switched on is judged: with the import off, no orders is no surprise.
 */
import type { EffectiveRules } from '../config/alertsSchema.ts';
import type { Queryable } from '../store/db.ts';
import type { ServiceState } from '../store/repos/services.ts';
import { importedOrdersPerHour } from '../store/repos/alertFacts.ts';
import type { Observation } from './alertEvent.ts';
import { freshnessWindow, judgeFreshness } from './orderFreshness.ts';

/** The flow that imports orders: its imports are what this rule watches. */
export const ORDER_IMPORT_FLOW = 'import-orders';

export async function observeOrderFreshness(
  q: Queryable,
  connectionId: string,
  rules: EffectiveRules,
  services: ServiceState[],
  now: Date,
): Promise<Observation[]> {
  const settings = rules.orderFreshness;
  if (!settings.enabled) return [];
  const importing = services.some((s) => s.flow === ORDER_IMPORT_FLOW && s.enabled);
  const window = freshnessWindow(now, settings);
  const counts = importing
    ? await importedOrdersPerHour(q, connectionId, window.from, window.to)
    : new Map<number, number>();
  const verdict = judgeFreshness(counts, now, settings);
  const active = importing && verdict.active;
  return [
    {
      rule: 'orderFreshness',
      subject: 'orders',
      active,
      coolDownMinutes: settings.coolDownMinutes,
      severity: 'critical',
      title: active
        ? `no order imported for ${settings.hours} hours, at times that usually bring orders`
        : 'orders are being imported again',
      facts: active
        ? {
            'usual orders per hour': verdict.expected.join(', '),
            'learned from': `the same hours of the last ${settings.weeks} weeks (median)`,
          }
        : {},
    },
  ];
}
