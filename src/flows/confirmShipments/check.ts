/**
 * Pre-flight of `confirm-shipments` (`connector check`): the carrier mapping is valid, and D365 lets the
 * connector read posted packing slips, their lines and tracking numbers in each legal entity of the
 * connection (a missing security privilege shows here, not as a silent stop). Reads only.
 */
import { packingSlipLines, packingSlips, packingSlipTracking } from '../../d365/index.ts';
import { describeError } from '../../errors.ts';
import type { CheckItem } from '../../engine/flow.ts';
import { marketplaceProfiles } from '../domain/marketplaceProfile.ts';
import { carrierInputs } from './inputs.ts';
import type { ShipmentsContext } from './settings.ts';

export async function checkShipments(ctx: ShipmentsContext): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  try {
    const mapping = carrierInputs(ctx.config);
    items.push({
      name: 'mappings.carriers',
      ok: true,
      detail: `${mapping.rows.length} row(s), every carrier code one of Amazon's`,
    });
  } catch (error) {
    items.push({
      name: 'mappings.carriers',
      ok: false,
      detail: describeError(error),
      fix: 'correct the rows named in mappings.carriers',
    });
  }
  const { d365 } = ctx.remotes();
  const companies = [
    ...new Set(marketplaceProfiles(ctx.connection!).map((p) => p.legalEntity.toLowerCase())),
  ];
  for (const company of companies)
    for (const entity of [packingSlips, packingSlipLines, packingSlipTracking]) {
      const name = `D365 ${entity.entitySet} in ${company}`;
      try {
        await d365.list(entity, { company, top: 1, signal: ctx.signal });
        items.push({ name, ok: true, detail: 'readable' });
      } catch (error) {
        items.push({
          name,
          ok: false,
          detail: describeError(error),
          fix: `give the connector's D365 user read access to ${entity.entitySet} (e.g. a role with the sales packing slip inquiry privileges) in legal entity ${company}`,
        });
      }
    }
  return items;
}
