/**
 * What Amazon's refusal of a shipment confirmation means for the package, in words a person can act on
 * (reference amazon-outbound §6). "Failed to create package … order already fulfilled" covers two cases
 * the order itself tells apart (`getOrder`): shipped already — in Seller Central or by another tool, so
 * nothing is to be sent — or more units than Amazon still expects.
 */
import { getOrder } from '../../../amazon/orders/getOrder.ts';
import { describeError, isConnectorError, type ConnectorError } from '../../../errors.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { PackageEntry } from '../packages.ts';
import type { ShipmentsContext } from '../settings.ts';

const amazonSaid = (error: ConnectorError) =>
  String(error.context.message ?? error.message) +
  (error.context.details ? ` (${String(error.context.details)})` : '');

const settled = (
  pkg: PackageEntry,
  state: 'needs_attention' | 'not_sent' | 'confirmed',
  note: string,
): PackageEntry => ({
  ...pkg,
  state,
  note,
});

export async function diagnoseRefusal(
  ctx: ShipmentsContext,
  order: ImportedOrder,
  pkg: PackageEntry,
  error: unknown,
): Promise<PackageEntry> {
  if (!isConnectorError(error)) return settled(pkg, 'needs_attention', describeError(error));
  const said = amazonSaid(error);
  const d = pkg.detail!;
  if (error.kind === 'data')
    return settled(pkg, 'needs_attention', `the confirmation is incomplete: ${error.message}`);
  if (/carrier/i.test(said))
    return settled(
      pkg,
      'needs_attention',
      `Amazon refused carrier code '${d.carrierCode}' (${pkg.note ?? 'mappings.carriers'}): "${said}" — give the carrier one of Amazon's carrier codes in mappings.carriers, then retry this record`,
    );
  if (/OrderItemId is invalid/i.test(said))
    return settled(
      pkg,
      'needs_attention',
      `Amazon does not know an order item of this package (${d.orderItems.map((i) => i.orderItemId).join(', ')}): "${said}" — check the order in Seller Central, confirm by hand and resolve this record`,
    );
  if (/fulfilled by Amazon/i.test(said))
    return settled(
      pkg,
      'not_sent',
      'Amazon says the order is fulfilled by Amazon: Amazon confirms its shipment',
    );
  if (/cancel/i.test(said)) return cancelled(pkg, said);
  if (/Failed to create package/i.test(said)) return alreadyFulfilled(ctx, order, pkg, said);
  return settled(
    pkg,
    'needs_attention',
    `Amazon refused the shipment confirmation: "${said}" — correct what it names (in D365 or mappings.carriers), then retry this record`,
  );
}

const cancelled = (pkg: PackageEntry, said: string) =>
  settled(
    pkg,
    'needs_attention',
    `Amazon cancelled the order after this packing slip was posted ("${said}"): the buyer will not pay for these goods — stop the parcel if you can, then resolve this record`,
  );

async function alreadyFulfilled(
  ctx: ShipmentsContext,
  order: ImportedOrder,
  pkg: PackageEntry,
  said: string,
): Promise<PackageEntry> {
  const amazonOrder = await getOrder(ctx.remotes().amazon, order.amazonOrderId, {
    includedData: ['PACKAGES', 'FULFILLMENT'],
  });
  if (amazonOrder.packages?.some((p) => p.packageReferenceId === pkg.packageReferenceId))
    return settled(pkg, 'confirmed', 'Amazon already has this package (confirmed earlier)');
  const status = amazonOrder.fulfillment?.fulfillmentStatus;
  if (status === 'CANCELLED') return cancelled(pkg, said);
  if (status === 'SHIPPED')
    return settled(
      pkg,
      'not_sent',
      'Amazon already shows the order shipped (confirmed in Seller Central or by another tool): nothing was sent for this packing slip',
    );
  const remaining = pkg.detail!.orderItems.map((i) => {
    const item = amazonOrder.orderItems.find((o) => o.orderItemId === i.orderItemId);
    const unshipped = item?.fulfillment?.quantityUnfulfilled;
    return `order item ${i.orderItemId}: ${i.quantity} in this package, ${unshipped ?? 'an unknown number'} still unshipped on Amazon`;
  });
  return settled(
    pkg,
    'needs_attention',
    `Amazon refused the package: it would ship more than Amazon still expects (${remaining.join('; ')}) — some units were probably confirmed in Seller Central; confirm the rest there and resolve this record`,
  );
}
