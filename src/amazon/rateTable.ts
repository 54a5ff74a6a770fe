/**
 * Amazon's default usage plans (reference §2, copied from each operation's "Usage Plan" table in the
 * official models; rateTable.test.ts checks every row against the model files). A row is the limit the
 * client's token bucket starts from before Amazon reports the applied rate in `x-amzn-RateLimit-Limit`.
 * Keys are `<api>.<operationId>`: getOrder exists in Orders v0 and 2026-01-01 with the same name.
 */
import type { BucketLimit } from '../http/bucketStore.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RateRow {
  method: HttpMethod;
  path: string;
  /** Requests per second restored to the bucket. */
  rate: number;
  burst: number;
}

const row = (method: HttpMethod, path: string, rate: number, burst: number): RateRow => ({
  method,
  path,
  rate,
  burst,
});

const ORDER_V0 = '/orders/v0/orders/{orderId}';
const LISTING = '/listings/2021-08-01/items/{sellerId}/{sku}';
const SCHEDULES = '/reports/2021-06-30/schedules';

export const RATE_TABLE = {
  'orders.searchOrders': row('GET', '/orders/2026-01-01/orders', 0.0056, 20),
  'orders.getOrder': row('GET', '/orders/2026-01-01/orders/{orderId}', 0.5, 30),
  'ordersV0.getOrders': row('GET', '/orders/v0/orders', 0.0167, 20),
  'ordersV0.getOrder': row('GET', ORDER_V0, 0.5, 30),
  'ordersV0.getOrderBuyerInfo': row('GET', `${ORDER_V0}/buyerInfo`, 0.5, 30),
  'ordersV0.getOrderAddress': row('GET', `${ORDER_V0}/address`, 0.5, 30),
  'ordersV0.getOrderItems': row('GET', `${ORDER_V0}/orderItems`, 0.5, 30),
  'ordersV0.getOrderItemsBuyerInfo': row('GET', `${ORDER_V0}/orderItems/buyerInfo`, 0.5, 30),
  'ordersV0.updateShipmentStatus': row('POST', `${ORDER_V0}/shipment`, 5, 15),
  'ordersV0.getOrderRegulatedInfo': row('GET', `${ORDER_V0}/regulatedInfo`, 0.5, 30),
  'ordersV0.updateVerificationStatus': row('PATCH', `${ORDER_V0}/regulatedInfo`, 0.5, 30),
  'ordersV0.confirmShipment': row('POST', `${ORDER_V0}/shipmentConfirmation`, 2, 10),
  'tokens.createRestrictedDataToken': row('POST', '/tokens/2021-03-01/restrictedDataToken', 1, 10),
  'listings.getListingsItem': row('GET', LISTING, 5, 10),
  'listings.putListingsItem': row('PUT', LISTING, 5, 10),
  'listings.patchListingsItem': row('PATCH', LISTING, 5, 5),
  'listings.deleteListingsItem': row('DELETE', LISTING, 5, 5),
  'listings.searchListingsItems': row('GET', '/listings/2021-08-01/items/{sellerId}', 5, 5),
  'feeds.getFeeds': row('GET', '/feeds/2021-06-30/feeds', 0.0222, 10),
  'feeds.createFeed': row('POST', '/feeds/2021-06-30/feeds', 0.0083, 15),
  'feeds.getFeed': row('GET', '/feeds/2021-06-30/feeds/{feedId}', 2, 15),
  'feeds.cancelFeed': row('DELETE', '/feeds/2021-06-30/feeds/{feedId}', 2, 15),
  'feeds.createFeedDocument': row('POST', '/feeds/2021-06-30/documents', 0.5, 15),
  'feeds.getFeedDocument': row('GET', '/feeds/2021-06-30/documents/{feedDocumentId}', 0.0222, 10),
  'reports.getReports': row('GET', '/reports/2021-06-30/reports', 0.0222, 10),
  'reports.createReport': row('POST', '/reports/2021-06-30/reports', 0.0167, 15),
  'reports.getReport': row('GET', '/reports/2021-06-30/reports/{reportId}', 2, 15),
  'reports.cancelReport': row('DELETE', '/reports/2021-06-30/reports/{reportId}', 0.0222, 10),
  'reports.getReportDocument': row('GET', '/reports/2021-06-30/documents/{reportDocumentId}', 0.0167, 15),
  'reports.getReportSchedules': row('GET', SCHEDULES, 0.0222, 10),
  'reports.createReportSchedule': row('POST', SCHEDULES, 0.0222, 10),
  'reports.getReportSchedule': row('GET', `${SCHEDULES}/{reportScheduleId}`, 0.0222, 10),
  'reports.cancelReportSchedule': row('DELETE', `${SCHEDULES}/{reportScheduleId}`, 0.0222, 10),
  'productTypes.searchDefinitionsProductTypes': row('GET', '/definitions/2020-09-01/productTypes', 5, 10),
  'productTypes.getDefinitionsProductType': row(
    'GET',
    '/definitions/2020-09-01/productTypes/{productType}',
    5,
    10,
  ),
  'catalog.searchCatalogItems': row('GET', '/catalog/2022-04-01/items', 2, 2),
  'catalog.getCatalogItem': row('GET', '/catalog/2022-04-01/items/{asin}', 2, 2),
  'notifications.getDestinations': row('GET', '/notifications/v1/destinations', 1, 5),
  'notifications.createDestination': row('POST', '/notifications/v1/destinations', 1, 5),
  'notifications.getSubscription': row('GET', '/notifications/v1/subscriptions/{notificationType}', 1, 5),
  'notifications.createSubscription': row('POST', '/notifications/v1/subscriptions/{notificationType}', 1, 5),
} as const satisfies Record<string, RateRow>;

export type AmazonOperation = keyof typeof RATE_TABLE;

/** Every operation of the sandbox hosts shares one plan (reference §1.3). */
export const SANDBOX_LIMIT: BucketLimit = { rate: 5, burst: 15 };

/**
 * The limit a bucket starts from. `timeScale` (≥ 1, demo/tests/benchmarks) multiplies the rate only:
 * the emulator scales its own buckets the same way and reports the scaled rate in its header.
 */
export function defaultLimit(
  operation: AmazonOperation,
  options: { sandbox?: boolean; timeScale?: number } = {},
): BucketLimit {
  const { rate, burst } = options.sandbox ? SANDBOX_LIMIT : RATE_TABLE[operation];
  return { rate: rate * (options.timeScale ?? 1), burst };
}

/** The applied rate from `x-amzn-RateLimit-Limit`, when it is a usable number. */
export function parseRateLimitHeader(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const rate = Number(value.trim());
  return Number.isFinite(rate) && rate > 0 ? rate : undefined;
}
