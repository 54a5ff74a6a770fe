/**
 * Orders API 2026-01-01 `getOrder` (GET /orders/2026-01-01/orders/{orderId}): one order with its items
 * (always included) and the datasets asked for in `includedData`. Also how a caller learns whether an
 * unconfirmed write landed: after confirmShipment's "outcome unknown", `includedData: ['PACKAGES']`
 * shows the packages Amazon recorded.
 */
import { ConnectorError } from '../../errors.ts';
import type { AmazonClient, CallOptions } from '../client.ts';
import { unknownRequestValues, type IncludedData } from './schemasCommon.ts';
import { getOrderResponse, type Order } from './schemasOrder.ts';

export interface GetOrderParams {
  includedData?: IncludedData[];
}

export async function getOrder(
  client: AmazonClient,
  orderId: string,
  params: GetOrderParams = {},
  options: CallOptions = {},
): Promise<Order> {
  const unknown = unknownRequestValues({ includedData: params.includedData });
  if (unknown) throw new ConnectorError('config', `getOrder: ${unknown}`, { retryable: false });
  const { data } = await client.call(
    {
      operation: 'orders.getOrder',
      path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
      query: { includedData: params.includedData },
      schema: getOrderResponse,
    },
    options,
  );
  return data.order;
}
