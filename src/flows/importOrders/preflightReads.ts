/**
 * The D365 reads of the order import's pre-flight: the sites of the connection's legal entities (which
 * doubles as the credentials' check), then per legal entity one read per kind of setup the
 * configuration names — warehouses, customer groups, customers, modes of delivery, methods of payment,
 * released products, variants — filtered to the codes named, in chunks, never one request per code.
 * Each read's failure is kept as its outcome rather than thrown, so it fails only the items that need it.
 */
import {
  customerGroupsApi,
  customersApi,
  deliveryModesApi,
  paymentMethodsApi,
  releasedProductsApi,
  releasedProductVariantsApi,
  sitesApi,
  warehousesApi,
  type D365Client,
} from '../../d365/index.ts';
import type { CompanyNeeds, VariantRow } from './preflightNeeds.ts';
import type { ImportOrdersSettings } from './settings.ts';

export type Outcome<T> = { rows: T[] } | { error: unknown };

/** Values per `anyOf` filter: F&O has no `in`, and a long `or` chain makes a long URL. */
const CHUNK = 20;

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

/** Reads the rows for `values` a chunk at a time; no values, no request. */
async function inChunks<T>(
  values: Iterable<string>,
  read: (chunk: string[]) => AsyncIterable<T>,
): Promise<T[]> {
  const list = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(...(await all(read(list.slice(i, i + CHUNK)))));
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

  const [warehouses, customerGroups, customers, deliveryModes, paymentMethods, products, variants] =
    await Promise.all([
      attempt(() =>
        inChunks(defined(need.places.map((p) => p.warehouse)), (chunk) =>
          warehousesApi.iterate(d365, {
            ...scope,
            filter: (w) => w.anyOf('WarehouseId', chunk),
            select: ['WarehouseId', 'OperationalSiteId'],
          }),
        ),
      ),
      attempt(async () =>
        (
          await inChunks(groups, (chunk) =>
            customerGroupsApi.iterate(d365, {
              ...scope,
              filter: (w) => w.anyOf('CustomerGroupId', chunk),
              select: ['CustomerGroupId'],
            }),
          )
        ).map((row) => row.CustomerGroupId),
      ),
      attempt(() =>
        inChunks(defined(need.customerAccounts.map((c) => c.account)), (chunk) =>
          customersApi.iterate(d365, {
            ...scope,
            filter: (w) => w.anyOf('CustomerAccount', chunk),
            select: ['CustomerAccount', 'OnHoldStatus'],
          }),
        ),
      ),
      attempt(async () =>
        (
          await inChunks(need.deliveryModes.keys(), (chunk) =>
            deliveryModesApi.iterate(d365, {
              ...scope,
              filter: (w) => w.anyOf('ModeCode', chunk),
              select: ['ModeCode'],
            }),
          )
        ).map((row) => row.ModeCode),
      ),
      attempt(async () =>
        (
          await inChunks(need.paymentMethods.keys(), (chunk) =>
            paymentMethodsApi.iterate(d365, {
              ...scope,
              filter: (w) => w.anyOf('Name', chunk),
              select: ['Name'],
            }),
          )
        ).map((row) => row.Name),
      ),
      attempt(() =>
        inChunks([...need.items.keys(), ...charges], (chunk) =>
          releasedProductsApi.iterate(d365, {
            ...scope,
            filter: (w) => w.anyOf('ItemNumber', chunk),
            select: ['ItemNumber', 'ProductType', 'ProductSubType'],
          }),
        ),
      ),
      attempt(() =>
        inChunks(masters, (chunk) =>
          releasedProductVariantsApi.iterate(d365, {
            ...scope,
            filter: (w) => w.anyOf('ProductMasterNumber', chunk),
            select: [
              'ProductMasterNumber',
              'ProductColorId',
              'ProductSizeId',
              'ProductStyleId',
              'ProductConfigurationId',
            ],
          }),
        ),
      ),
    ]);
  return { warehouses, customerGroups, customers, deliveryModes, paymentMethods, products, variants };
}
