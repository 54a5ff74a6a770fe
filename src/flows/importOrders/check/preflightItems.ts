/**
 * The items of the order import's pre-flight, one builder per kind of setup: each turns what the
 * configuration names (preflightNeeds.ts) and what D365 holds (preflightReads.ts) into CheckItems. A
 * missing thing is a failed item whose fix names the F&O form and entity to set it up in, or the
 * configuration key to correct; a failed read fails the items that needed it, with its own message.
 */
import { describeError, isConnectorError } from '../../../errors.ts';
import type { CheckItem } from '../../../engine/flow.ts';
import { named, SETTINGS, type CompanyNeeds } from './preflightNeeds.ts';
import type { CompanySetup, Outcome } from './preflightReads.ts';
import type { ImportOrdersSettings } from '../settings.ts';

/** F&O's sales order number (SalesId) holds 20 characters; an Amazon order id has 19. */
const SALES_ID_LENGTH = 20;
const AMAZON_ORDER_ID_LENGTH = 19;

/** Where each kind of setup lives in F&O: the form a person opens, and the entity the connector reads. */
export const SETUP = {
  site: 'Warehouse management > Setup > Warehouse > Sites; entity OperationalSitesV2',
  warehouse: 'Warehouse management > Setup > Warehouse > Warehouses; entity Warehouses',
  customerGroup: 'Accounts receivable > Setup > Customers > Customer groups; entity CustomerGroups',
  customer: 'Accounts receivable > Customers > All customers; entity CustomersV3',
  deliveryMode: 'Sales and marketing > Setup > Distribution > Modes of delivery; entity DeliveryModesV2',
  paymentMethod: 'Accounts receivable > Payment setup > Methods of payment; entity CustomerPaymentMethods',
  product: 'Product information management > Products > Released products; entity ReleasedProductsV2',
  taxGroup: 'Tax > Indirect taxes > Sales tax > Sales tax groups',
} as const;

export const failure = (name: string, error: unknown, fix: string): CheckItem => ({
  name,
  ok: false,
  detail: describeError(error),
  fix,
});

export function d365Fix(error: unknown): string {
  if (isConnectorError(error) && (error.kind === 'auth' || error.kind === 'config')) {
    return (
      'check d365.tenantId and d365.clientId / clientSecret (or certificate) of this connection (and what they ' +
      'point to), and that the app is registered in F&O (System administration > Setup > Microsoft Entra applications)'
    );
  }
  if (isConnectorError(error) && error.kind === 'transient') return 'F&O did not answer in time: check again';
  return 'check d365.environmentUrl of this connection; the connector log has the details';
}

/** Items for codes a company's setup table must hold, each naming where the configuration uses it. */
export function codeItems(
  label: string,
  places: Map<string, string[]>,
  found: Outcome<string>,
  company: string,
  setup: string,
): CheckItem[] {
  return [...places].map(([code, where]) => {
    const name = `D365 ${label} ${code} in ${company}`;
    if ('error' in found) return failure(name, found.error, d365Fix(found.error));
    const ok = found.rows.some((row) => row.toLowerCase() === code.toLowerCase());
    return ok
      ? { name, ok, detail: `found (named by ${named(where)})` }
      : {
          name,
          ok,
          detail: `${company} has no ${label} ${code}, which ${named(where)} name(s)`,
          fix: `create ${label} ${code} in ${company} (${setup}), or correct ${named(where)}`,
        };
  });
}

export function placeItems(need: CompanyNeeds, sites: string[], setup: CompanySetup): CheckItem[] {
  const { company } = need;
  return need.places.map((p): CheckItem => {
    const name = `D365 site and warehouse for ${p.label} in ${company}`;
    if (!p.site && !p.warehouse) {
      return {
        name,
        ok: false,
        detail: `not set: F&O needs a site and a warehouse on every line, so these orders would need attention`,
        fix: `set ${p.setting}.site and ${p.setting}.warehouse`,
      };
    }
    const problems: string[] = [];
    if (p.site && !sites.some((s) => s.toLowerCase() === p.site!.toLowerCase())) {
      problems.push(`site ${p.site} does not exist (${SETUP.site})`);
    }
    if (p.warehouse) {
      if ('error' in setup.warehouses)
        return failure(name, setup.warehouses.error, d365Fix(setup.warehouses.error));
      const wh = setup.warehouses.rows.find(
        (w) => w.WarehouseId.toLowerCase() === p.warehouse!.toLowerCase(),
      );
      if (!wh) problems.push(`warehouse ${p.warehouse} does not exist (${SETUP.warehouse})`);
      else if (p.site && wh.OperationalSiteId.toLowerCase() !== p.site.toLowerCase()) {
        problems.push(`warehouse ${p.warehouse} belongs to site ${wh.OperationalSiteId}, not ${p.site}`);
      }
    }
    const given = [p.site && `site ${p.site}`, p.warehouse && `warehouse ${p.warehouse}`]
      .filter(Boolean)
      .join(', ');
    return problems.length === 0
      ? { name, ok: true, detail: `${given}: found` }
      : {
          name,
          ok: false,
          detail: problems.join('; '),
          fix: `set ${p.setting}.site / .warehouse to a site of ${company} and one of its warehouses (${SETUP.warehouse})`,
        };
  });
}

export function customerGroupItem(
  settings: ImportOrdersSettings,
  setup: CompanySetup,
  company: string,
): CheckItem[] {
  const { strategy, businessCustomers, customerGroup } = settings.customers;
  if (strategy !== 'buyer' && !businessCustomers) return [];
  const name = `D365 customer group in ${company}`;
  if (!customerGroup) {
    return [
      {
        name,
        ok: false,
        detail: `not set, and the connector creates customers (${strategy === 'buyer' ? 'one per buyer' : 'one per business buyer'})`,
        fix: `set ${SETTINGS}.customers.customerGroup to a customer group of ${company} (${SETUP.customerGroup})`,
      },
    ];
  }
  const where = new Map([[customerGroup, [`${SETTINGS}.customers.customerGroup`]]]);
  return codeItems('customer group', where, setup.customerGroups, company, SETUP.customerGroup);
}

export function customerItems(need: CompanyNeeds, setup: CompanySetup): CheckItem[] {
  const { company } = need;
  return need.customerAccounts.map(({ marketplaceId, account, setting: at }): CheckItem => {
    const name = `D365 customer for marketplace ${marketplaceId} in ${company}`;
    const setting = `${at}.customerAccount`;
    if (!account) {
      return {
        name,
        ok: false,
        detail: `no customer account is set for marketplace ${marketplaceId}`,
        fix: `set ${setting} to the D365 customer that stands for the marketplace (${SETUP.customer})`,
      };
    }
    if ('error' in setup.customers)
      return failure(name, setup.customers.error, d365Fix(setup.customers.error));
    const row = setup.customers.rows.find((c) => c.CustomerAccount.toLowerCase() === account.toLowerCase());
    if (!row) {
      return {
        name,
        ok: false,
        detail: `${company} has no customer ${account}`,
        fix: `create customer ${account} in ${company} (${SETUP.customer}), or correct ${setting}`,
      };
    }
    if (row.OnHoldStatus === 'All') {
      return {
        name,
        ok: false,
        detail: `customer ${account} is on hold for all transactions, so F&O refuses its sales orders`,
        fix: `set On hold to No for customer ${account} in ${company} (${SETUP.customer})`,
      };
    }
    return { name, ok: true, detail: `customer ${account} found` };
  });
}

export function chargeItems(
  settings: ImportOrdersSettings,
  setup: CompanySetup,
  company: string,
): CheckItem[] {
  const charges = [
    ['shipping', settings.chargeItems.shipping],
    ['giftWrap', settings.chargeItems.giftWrap],
  ] as const;
  return charges.map(([kind, itemNumber]): CheckItem => {
    const setting = `${SETTINGS}.chargeItems.${kind}`;
    const name = `D365 charge item for ${kind === 'shipping' ? 'shipping' : 'gift wrap'} in ${company}`;
    if (!itemNumber) {
      return {
        name,
        ok: false,
        detail: `not set: orders with an Amazon ${kind === 'shipping' ? 'shipping' : 'gift-wrap'} amount would need attention`,
        fix: `set ${setting} to a non-stock (service) item released in ${company}`,
      };
    }
    if ('error' in setup.products) return failure(name, setup.products.error, d365Fix(setup.products.error));
    const product = setup.products.rows.find((p) => p.ItemNumber.toLowerCase() === itemNumber.toLowerCase());
    if (!product) {
      return {
        name,
        ok: false,
        detail: `item ${itemNumber} is not released in ${company}`,
        fix: `release a non-stock (service) product ${itemNumber} to ${company} (${SETUP.product}), or correct ${setting}`,
      };
    }
    const service = product.ProductType === 'Service';
    return {
      name,
      ok: true,
      detail: service
        ? `item ${itemNumber}: released, a service product`
        : `item ${itemNumber}: released as a stocked item type — its item model group must be non-stock, or its lines wait for inventory`,
    };
  });
}

export function taxGroupItems(need: CompanyNeeds): CheckItem[] {
  return need.taxGroups.map(({ marketplaceId, group }): CheckItem => {
    const name = `D365 exempt sales tax group for marketplace ${marketplaceId} in ${need.company}`;
    const setting = `${SETTINGS}.marketplaces.${marketplaceId}.exemptTaxGroup`;
    return group
      ? {
          name,
          ok: true,
          detail:
            `${group}: not checkable through OData (F&O publishes no data entity for sales tax groups): make sure ` +
            `it exists in ${need.company} and charges no tax (${SETUP.taxGroup})`,
        }
      : {
          name,
          ok: false,
          detail:
            'not set: Amazon collects the tax as marketplace facilitator, so these orders would need attention',
          fix: `set ${setting} to a sales tax group that charges no tax, or set taxMode 'seller' for the marketplace`,
        };
  });
}

export function mappedItemItems(need: CompanyNeeds, setup: CompanySetup): CheckItem[] {
  const { company } = need;
  if (need.items.size === 0) return [];
  const summary = `D365 items named by mappings.skus and mappings.bundles in ${company}`;
  if ('error' in setup.products)
    return [failure(summary, setup.products.error, d365Fix(setup.products.error))];
  const out: CheckItem[] = [];
  const fixFor = (what: string, where: string[]) =>
    `release ${what} to ${company} (${SETUP.product}), or correct the rows of ${named(where)}`;
  for (const [itemNumber, where] of need.items) {
    const product = setup.products.rows.find((p) => p.ItemNumber.toLowerCase() === itemNumber.toLowerCase());
    if (!product) {
      out.push({
        name: `D365 item ${itemNumber} in ${company}`,
        ok: false,
        detail: `item ${itemNumber}, named by ${named(where)}, is not released in ${company}`,
        fix: fixFor(`item ${itemNumber}`, where),
      });
    }
  }
  for (const v of need.variants.values()) {
    const master = setup.products.rows.find(
      (p) => p.ItemNumber.toLowerCase() === v.item.itemNumber.toLowerCase(),
    );
    if (!master) continue; // reported above
    const dims = v.describe;
    if ('error' in setup.variants) {
      out.push(
        failure(
          `D365 variant ${v.item.itemNumber} (${dims}) in ${company}`,
          setup.variants.error,
          d365Fix(setup.variants.error),
        ),
      );
    } else if (!setup.variants.rows.some((row) => v.matches(row))) {
      out.push({
        name: `D365 variant ${v.item.itemNumber} (${dims}) in ${company}`,
        ok: false,
        detail: `product master ${v.item.itemNumber} has no released variant ${dims}, which ${named(v.where)} name(s)`,
        fix: fixFor(`the variant ${dims} of ${v.item.itemNumber}`, v.where),
      });
    }
  }
  for (const [itemNumber, where] of need.mastersWithoutDims) {
    const product = setup.products.rows.find((p) => p.ItemNumber.toLowerCase() === itemNumber.toLowerCase());
    if (product?.ProductSubType === 'ProductMaster') {
      out.push({
        name: `D365 item ${itemNumber} in ${company}`,
        ok: false,
        detail: `${itemNumber} is a product master, and ${named(where)} name(s) it without a variant`,
        fix: `give those rows the variant's color / size / style / configuration`,
      });
    }
  }
  const total = need.items.size;
  return out.length === 0 ? [{ name: summary, ok: true, detail: `all ${total} item(s) are released` }] : out;
}

export function numberingItem(settings: ImportOrdersSettings, companies: string[]): CheckItem {
  const name = 'D365 sales order numbers';
  const { mode, prefix } = settings.orderNumbers;
  if (mode === 'sequence') {
    return {
      name,
      ok: true,
      detail: "F&O's number sequence (services.import-orders.orderNumbers.mode: sequence)",
    };
  }
  const length = prefix.length + AMAZON_ORDER_ID_LENGTH;
  if (length > SALES_ID_LENGTH) {
    return {
      name,
      ok: false,
      detail: `connector-assigned ${prefix}<order id> is ${length} characters long; F&O's sales order number holds ${SALES_ID_LENGTH}`,
      fix: `shorten ${SETTINGS}.orderNumbers.prefix to ${SALES_ID_LENGTH - AMAZON_ORDER_ID_LENGTH} character(s), or use mode sequence`,
    };
  }
  return {
    name,
    ok: true,
    detail:
      `connector-assigned ${prefix}<order id>: the sales order number sequence of ${companies.join(', ')} must allow ` +
      'manual numbers (Organization administration > Number sequences; not checkable through OData)',
  };
}
