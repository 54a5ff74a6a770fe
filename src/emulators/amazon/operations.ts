// The SP-API operations the stateful emulator serves (Orders, Listings Items, Product Type Definitions,
// Catalog Items, Feeds, Reports), with the default usage plans of their models
// (reference §2). The SP-API gate resolves each request here before authorising and metering it, so a
// request is counted and limited under its operation even when it is then refused.
import type { ResolvedOperation } from './spApiGate.ts';

export interface OperationDef {
  operationId: string;
  /** The model file declaring it (without `.json`), so a validator can tell Orders v0 `getOrder` apart. */
  model: string;
  method: string;
  pattern: RegExp;
  /** Default usage plan: tokens per second and bucket size. */
  rate: number;
  burst: number;
}

/** One operation in a line: its id, model, method, path pattern and default usage plan. */
const def = (
  operationId: string,
  model: string,
  method: string,
  pattern: RegExp,
  rate: number,
  burst: number,
): OperationDef => ({ operationId, model, method, pattern, rate, burst });

export const OPERATIONS: readonly OperationDef[] = [
  {
    operationId: 'searchOrders',
    model: 'orders_2026-01-01',
    method: 'GET',
    pattern: /^\/orders\/2026-01-01\/orders$/,
    rate: 0.0056,
    burst: 20,
  },
  {
    operationId: 'getOrder',
    model: 'orders_2026-01-01',
    method: 'GET',
    pattern: /^\/orders\/2026-01-01\/orders\/([^/]+)$/,
    rate: 0.5,
    burst: 30,
  },
  {
    operationId: 'confirmShipment',
    model: 'ordersV0',
    method: 'POST',
    pattern: /^\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/,
    rate: 2,
    burst: 10,
  },
  ...listingOperations(),
  ...documentOperations(),
];

/** Feeds and Reports 2021-06-30 (reference §2). */
function documentOperations(): OperationDef[] {
  const F = 'feeds_2021-06-30';
  const R = 'reports_2021-06-30';
  return [
    def('getFeeds', F, 'GET', /^\/feeds\/2021-06-30\/feeds$/, 0.0222, 10),
    def('createFeed', F, 'POST', /^\/feeds\/2021-06-30\/feeds$/, 0.0083, 15),
    def('getFeed', F, 'GET', /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/, 2, 15),
    def('cancelFeed', F, 'DELETE', /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/, 2, 15),
    def('createFeedDocument', F, 'POST', /^\/feeds\/2021-06-30\/documents$/, 0.5, 15),
    def('getFeedDocument', F, 'GET', /^\/feeds\/2021-06-30\/documents\/([^/]+)$/, 0.0222, 10),
    def('getReports', R, 'GET', /^\/reports\/2021-06-30\/reports$/, 0.0222, 10),
    def('createReport', R, 'POST', /^\/reports\/2021-06-30\/reports$/, 0.0167, 15),
    def('getReport', R, 'GET', /^\/reports\/2021-06-30\/reports\/([^/]+)$/, 2, 15),
    def('cancelReport', R, 'DELETE', /^\/reports\/2021-06-30\/reports\/([^/]+)$/, 0.0222, 10),
    def('getReportDocument', R, 'GET', /^\/reports\/2021-06-30\/documents\/([^/]+)$/, 0.0167, 15),
  ];
}

function listingOperations(): OperationDef[] {
  const L = 'listingsItems_2021-08-01';
  const item = /^\/listings\/2021-08-01\/items\/([^/]+)\/([^/]+)$/;
  return [
    def('getListingsItem', L, 'GET', item, 5, 10),
    def('putListingsItem', L, 'PUT', item, 5, 10),
    def('patchListingsItem', L, 'PATCH', item, 5, 5),
    def('deleteListingsItem', L, 'DELETE', item, 5, 5),
    def('searchListingsItems', L, 'GET', /^\/listings\/2021-08-01\/items\/([^/]+)$/, 5, 5),
    def(
      'searchDefinitionsProductTypes',
      'definitionsProductTypes_2020-09-01',
      'GET',
      /^\/definitions\/2020-09-01\/productTypes$/,
      5,
      10,
    ),
    def(
      'getDefinitionsProductType',
      'definitionsProductTypes_2020-09-01',
      'GET',
      /^\/definitions\/2020-09-01\/productTypes\/([^/]+)$/,
      5,
      10,
    ),
    def('searchCatalogItems', 'catalogItems_2022-04-01', 'GET', /^\/catalog\/2022-04-01\/items$/, 2, 2),
    def('getCatalogItem', 'catalogItems_2022-04-01', 'GET', /^\/catalog\/2022-04-01\/items\/([^/]+)$/, 2, 2),
  ];
}

/** The stateful emulator's operation for a request, with its model's usage plan. */
export function resolveOperation(method: string, path: string): ResolvedOperation | undefined {
  const op = OPERATIONS.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
  return op && { operationId: op.operationId, model: op.model, plan: { rate: op.rate, burst: op.burst } };
}
