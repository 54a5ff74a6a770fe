/**
 * The D365 reads of the order import's pre-flight: the sites of the connection's legal entities (which
 * doubles as the credentials' check), then per legal entity one read per kind of setup the
 * configuration names — warehouses, customer groups, customers, modes of delivery, methods of payment,
 * released products, variants — filtered to the codes named (`readWhereIn`: as many per request as the
 * URL allows), never one request per code.
 * Each read's failure is kept as its outcome rather than thrown, so it fails only the items that need it.
 */
import {
  customerGroups,
  customers,
  deliveryModes,
  paymentMethods,
  releasedProducts,
  releasedProductVariants,
  sitesApi,
  warehouses,
  type D365Client,
} from '../../../d365/index.ts';
import type { CompanyNeeds, VariantRow } from './preflightNeeds.ts';
import type { ImportOrdersSettings } from '../settings.ts';

export type Outcome<T> = { rows: T[] } | { error: unknown };

async function attempt<T>(read: () => Promise<T[]>): Promise<Outcome<T>> {
  try {
    return { rows: await read() };
  } catch (error) {
    return { error };
  }
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

export function readSites(d365: D365Client, companies: string[], signal: AbortSignal) {
  return attempt(() =>
    all(
      sitesApi.iterate(d365, {
        crossCompany: true,
        filter: (w) => w.anyOf('dataAreaId', companies),
        select: ['dataAreaId', 'SiteId'],
        signal,
      }),
    ),
  );
}

export interface CompanySetup {
  warehouses: Outcome<{ WarehouseId: string; OperationalSiteId: string }>;
  customerGroups: Outcome<string>;
  customers: Outcome<{ CustomerAccount: string; OnHoldStatus: string | null }>;
  deliveryModes: Outcome<string>;
  paymentMethods: Outcome<string>;
  products: Outcome<{ ItemNumber: string; ProductType: string | null; ProductSubType: string | null }>;
  variants: Outcome<VariantRow>;
}

export async function readCompanySetup(
  d365: D365Client,
  need: CompanyNeeds,
  settings: ImportOrdersSettings,
  signal: AbortSignal,
): Promise<CompanySetup> {
  const scope = { company: need.company, signal };
  const defined = (values: Array<string | undefined>) => values.filter((v): v is string => Boolean(v));
  const creatingCustomers = settings.customers.strategy === 'buyer' || settings.customers.businessCustomers;
  const groups = creatingCustomers ? defined([settings.customers.customerGroup]) : [];
  const charges = defined([settings.chargeItems.shipping, settings.chargeItems.giftWrap]);
  const masters = [...need.variants.values()].map((v) => v.item.itemNumber);

  const [warehouseRows, groupIds, customerRows, modeCodes, methodNames, productRows, variantRows] =
    await Promise.all([
      attempt(() =>
        d365.readWhereIn(warehouses, 'WarehouseId', defined(need.places.map((p) => p.warehouse)), {
          ...scope,
          select: ['WarehouseId', 'OperationalSiteId'],
        }),
      ),
      attempt(async () =>
        (
          await d365.readWhereIn(customerGroups, 'CustomerGroupId', groups, {
            ...scope,
            select: ['CustomerGroupId'],
          })
        ).map((row) => row.CustomerGroupId),
      ),
      attempt(() =>
        d365.readWhereIn(customers, 'CustomerAccount', defined(need.customerAccounts.map((c) => c.account)), {
          ...scope,
          select: ['CustomerAccount', 'OnHoldStatus'],
        }),
      ),
      attempt(async () =>
        (
          await d365.readWhereIn(deliveryModes, 'ModeCode', need.deliveryModes.keys(), {
            ...scope,
            select: ['ModeCode'],
          })
        ).map((row) => row.ModeCode),
      ),
      attempt(async () =>
        (
          await d365.readWhereIn(paymentMethods, 'Name', need.paymentMethods.keys(), {
            ...scope,
            select: ['Name'],
          })
        ).map((row) => row.Name),
      ),
      attempt(() =>
        d365.readWhereIn(releasedProducts, 'ItemNumber', [...need.items.keys(), ...charges], {
          ...scope,
          select: ['ItemNumber', 'ProductType', 'ProductSubType'],
        }),
      ),
      attempt(() =>
        d365.readWhereIn(releasedProductVariants, 'ProductMasterNumber', masters, {
          ...scope,
          select: [
            'ProductMasterNumber',
            'ProductColorId',
            'ProductSizeId',
            'ProductStyleId',
            'ProductConfigurationId',
          ],
        }),
      ),
    ]);
  return {
    warehouses: warehouseRows,
    customerGroups: groupIds,
    customers: customerRows,
    deliveryModes: modeCodes,
    paymentMethods: methodNames,
    products: productRows,
    variants: variantRows,
  };
}
