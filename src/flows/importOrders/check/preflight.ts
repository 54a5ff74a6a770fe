/**
 * The order import's pre-flight (`connector check`): verifies, writing nothing, what importing orders
 * relies on, one CheckItem each — Amazon credentials (a token and one cheap search), D365 credentials,
 * each marketplace's legal entity, sites and warehouses, the customer group and marketplace customers,
 * the modes of delivery and methods of payment the mappings and settings name, charge items, exempt
 * sales tax groups, every item the SKU and bundle mappings name, and the numbering mode.
 *
 * Nothing here throws for a missing thing: it is a failed item whose fix says where to set it up (the
 * D365 form and entity, or the configuration key). A remote read that fails fails only the items that
 * needed it. D365 reads are batched per company and kind of setup (never one request per item).
 */
import type { AmazonClient } from '../../../amazon/client.ts';
import { searchOrders } from '../../../amazon/orders/searchOrders.ts';
import type { D365Client } from '../../../d365/index.ts';
import { isConnectorError } from '../../../errors.ts';
import type { CheckItem } from '../../../engine/flow.ts';
import type { ImportContext } from '../settings.ts';
import {
  chargeItems,
  codeItems,
  customerGroupItem,
  customerItems,
  d365Fix,
  failure,
  mappedItemItems,
  numberingItem,
  placeItems,
  SETUP,
  taxGroupItems,
} from './preflightItems.ts';
import { companyNeeds, SETTINGS } from './preflightNeeds.ts';
import { marketplaceProfiles } from '../../domain/marketplaceProfile.ts';
import { readCompanySetup, readSites } from './preflightReads.ts';
import type { ImportOrdersSettings } from '../settings.ts';
import type { Mappings } from '../../domain/mappings.ts';

const HOUR_MS = 3_600_000;

function amazonFix(error: unknown): string {
  if (isConnectorError(error) && (error.kind === 'auth' || error.kind === 'config')) {
    return (
      'check amazon.refreshToken / lwaClientId / lwaClientSecret of this connection (and what they point to); ' +
      'if they are right, check that the app has the Orders role in the Developer Console and that amazon.region is right'
    );
  }
  if (isConnectorError(error) && error.kind === 'transient') {
    return 'Amazon did not answer: check the network (and amazon.endpoint, if set), then check again';
  }
  return 'check amazon.region, amazon.marketplaces and amazon.endpoint of this connection';
}

async function checkAmazon(amazon: AmazonClient, ctx: ImportContext): Promise<CheckItem> {
  const name = `Amazon credentials (selling partner ${amazon.sellingPartnerId}, region ${amazon.region})`;
  try {
    // The cheapest call that proves the whole chain: an LWA token, the host, and the Orders role.
    const createdAfter = new Date(ctx.now().getTime() - HOUR_MS);
    await searchOrders(amazon, { createdAfter, maxResultsPerPage: 1 }, { signal: ctx.signal });
    return {
      name,
      ok: true,
      detail: `signed in and searched the orders of marketplace(s) ${amazon.marketplaceIds.join(', ')}`,
    };
  } catch (error) {
    return failure(name, error, amazonFix(error));
  }
}

function unusedMarketplaceItems(settings: ImportOrdersSettings, ctx: ImportContext): CheckItem[] {
  const sold = new Set(ctx.connection?.amazon.marketplaces.map((m) => m.id));
  return Object.keys(settings.marketplaces)
    .filter((id) => !sold.has(id))
    .map((id) => ({
      name: `${SETTINGS}.marketplaces.${id}`,
      ok: true,
      detail: `connection ${ctx.connectionId} does not sell on ${id}, so these settings are not used for it`,
    }));
}

async function checkD365(
  d365: D365Client,
  ctx: ImportContext,
  settings: ImportOrdersSettings,
  mappings: Mappings,
): Promise<CheckItem[]> {
  const needs = companyNeeds(settings, mappings, marketplaceProfiles(ctx.connection!));
  const sites = await readSites(
    d365,
    needs.map((n) => n.company),
    ctx.signal,
  );
  if ('error' in sites) {
    return [
      failure('D365 credentials', sites.error, d365Fix(sites.error)),
      {
        name: 'D365 setup',
        ok: false,
        detail: 'not checked: D365 could not be read (see "D365 credentials")',
        fix: 'fix what "D365 credentials" says, then check again',
      },
    ];
  }
  const host = new URL(ctx.connection!.d365.environmentUrl).host;
  const items: CheckItem[] = [
    { name: 'D365 credentials', ok: true, detail: `signed in to ${host} and read its sites` },
  ];
  for (const need of needs) {
    const own = sites.rows.filter((s) => s.dataAreaId.toLowerCase() === need.company).map((s) => s.SiteId);
    const name = `D365 legal entity ${need.company}`;
    if (own.length === 0) {
      items.push({
        name,
        ok: false,
        detail: `no sites found in ${need.company}: it does not exist, it has no sites, or the connector's F&O user may not see it; its other setup was not checked`,
        fix:
          `check connections[].amazon.marketplaces[].legalEntity of ${need.marketplaces.join(', ')} (a dataAreaId), ` +
          `give the app's F&O user access to ${need.company}, and set up its sites (${SETUP.site})`,
      });
      continue;
    }
    items.push({
      name,
      ok: true,
      detail: `found with ${own.length} site(s), for marketplace(s) ${need.marketplaces.join(', ')}`,
    });
    const setup = await readCompanySetup(d365, need, settings, ctx.signal);
    items.push(
      ...placeItems(need, own, setup),
      ...customerGroupItem(settings, setup, need.company),
      ...customerItems(need, setup),
      ...codeItems(
        'mode of delivery',
        need.deliveryModes,
        setup.deliveryModes,
        need.company,
        SETUP.deliveryMode,
      ),
      ...codeItems(
        'method of payment',
        need.paymentMethods,
        setup.paymentMethods,
        need.company,
        SETUP.paymentMethod,
      ),
      ...chargeItems(settings, setup, need.company),
      ...taxGroupItems(need),
      ...mappedItemItems(need, setup),
    );
  }
  return items;
}

export async function checkImportOrders(
  ctx: ImportContext,
  settings: ImportOrdersSettings,
  mappings: Mappings,
): Promise<CheckItem[]> {
  if (!ctx.connection) {
    return [
      {
        name: 'Connection',
        ok: false,
        detail: 'the order import is checked per connection, and this check ran for none',
        fix: 'check a connection of the configuration (connector check --connection <id>)',
      },
    ];
  }
  const companies = [...new Set(ctx.connection.amazon.marketplaces.map((m) => m.legalEntity))];
  const tail = [numberingItem(settings, companies), ...unusedMarketplaceItems(settings, ctx)];
  let remotes: ReturnType<ImportContext['remotes']>;
  try {
    remotes = ctx.remotes();
  } catch (error) {
    return [
      failure('Amazon credentials', error, amazonFix(error)),
      failure('D365 credentials', error, d365Fix(error)),
      ...tail,
    ];
  }
  const [amazon, d365] = await Promise.all([
    checkAmazon(remotes.amazon, ctx),
    checkD365(remotes.d365, ctx, settings, mappings).catch((error: unknown) => [
      failure('D365 setup', error, d365Fix(error)),
    ]),
  ]);
  return [amazon, ...d365, ...tail];
}
