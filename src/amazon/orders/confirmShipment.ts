/**
 * Orders v0 `confirmShipment` (POST /orders/v0/orders/{orderId}/shipmentConfirmation): one package of
 * an order shipped with carrier, tracking number and items; several packages are several calls with
 * distinct `packageReferenceId`s. Amazon answers 204 with no body.
 *
 * Not idempotent: the client never repeats it once the request may have reached Amazon (a 5xx, a
 * connection lost after sending, a timeout). Those end in a ConnectorError of kind `transient` with
 * `context.outcomeUnknown === true`; the caller, which recorded an intent before calling, reads the
 * order (`getOrder` with `includedData: ['PACKAGES']`) to learn whether the package was confirmed. A
 * 429 is retried: Amazon did not apply a throttled request.
 */
import { ConnectorError } from '../../errors.ts';
import type { AmazonClient, CallOptions } from '../client.ts';
import { confirmShipmentRequest, type ConfirmShipmentInput } from './schemasConfirmShipment.ts';

export async function confirmShipment(
  client: AmazonClient,
  orderId: string,
  request: ConfirmShipmentInput,
  options: CallOptions = {},
): Promise<void> {
  const body = confirmShipmentRequest.safeParse(request);
  if (!body.success) {
    const issues = body.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConnectorError(
      'data',
      `The shipment confirmation for Amazon order ${orderId} is incomplete: ${issues.join('; ')}`,
      { retryable: false, context: { operation: 'ordersV0.confirmShipment', orderId, issues } },
    );
  }
  await client.call(
    {
      operation: 'ordersV0.confirmShipment',
      path: `/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`,
      body: body.data,
      idempotent: false,
    },
    options,
  );
}
