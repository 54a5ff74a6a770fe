/**
 * Sending one package to Amazon exactly once (`confirmShipment` is not idempotent): the intent is
 * recorded first (engine/performOnce.ts); after a lost answer or a crash the order's packages are read
 * (`getOrder` with PACKAGES) and a package Amazon already has is taken as confirmed, never sent again.
 *
 * Amazon's refusals become a package state with a reason a person can act on (refusals.ts). Transient
 * failures (throttling past the client's retries, Amazon or the network down, an answer lost) are thrown:
 * the package stays `ready` and its intent pending, and the next run looks before it sends.
 */
import { confirmShipment } from '../../../amazon/orders/confirmShipment.ts';
import { getOrder } from '../../../amazon/orders/getOrder.ts';
import { describeError, isConnectorError } from '../../../errors.ts';
import { performOnce, rejectIntent, type OnceOutcome } from '../../../engine/performOnce.ts';
import type { Queryable } from '../../../store/db.ts';
import type { ImportedOrder } from '../../domain/importedOrders.ts';
import type { PackageEntry } from '../packages.ts';
import { FLOW_ID, type ShipmentsContext } from '../settings.ts';
import { diagnoseRefusal } from './refusals.ts';

export const CONFIRM_OPERATION = 'amazon.confirmShipment';

export const intentKey = (amazonOrderId: string, packageReferenceId: string) =>
  `${amazonOrderId}/${packageReferenceId}`;

interface Confirmed {
  confirmedAt: string;
  foundOnAmazon?: boolean;
}

/**
 * The package after trying to confirm it: `confirmed`, or settled by Amazon's refusal. A confirmed
 * package is handed to `recordConfirmed` inside the transaction that marks its intent done.
 */
export async function confirmPackage(
  ctx: ShipmentsContext,
  order: ImportedOrder,
  pkg: PackageEntry,
  recordConfirmed: (tx: Queryable, confirmed: PackageEntry) => Promise<void>,
): Promise<PackageEntry> {
  const { amazon } = ctx.remotes();
  const detail = pkg.detail!;
  const orderId = order.amazonOrderId;
  const key = {
    connectionId: ctx.connectionId,
    operation: CONFIRM_OPERATION,
    key: intentKey(orderId, pkg.packageReferenceId),
  };
  const request = {
    marketplaceId: order.marketplaceId ?? '',
    packageDetail: { packageReferenceId: pkg.packageReferenceId, ...detail },
  };
  // Only an answer to the confirmation itself can be a refusal: a failed look-up (`check`) says nothing
  // about whether an earlier attempt landed, so its intent must stay pending.
  let sendFailure: unknown;
  let confirmed: PackageEntry | undefined;
  try {
    await performOnce<Confirmed>(ctx, {
      ...key,
      flow: FLOW_ID,
      request,
      settleMs: ctx.settings.writeSettleSeconds * 1000,
      // No signal: a confirmation cut off mid-flight may land anyway; it is looked up next time.
      send: async () => {
        try {
          await confirmShipment(amazon, orderId, request);
        } catch (error) {
          sendFailure = error;
          // Throttled past the client's retries, or refused before it was sent: Amazon did not apply
          // it, so the next attempt may send it at once instead of looking it up after the settle time.
          if (notSent(error)) await rejectIntent(ctx, key, `not applied: ${describeError(error)}`);
          throw error;
        }
        return { confirmedAt: ctx.now().toISOString() } satisfies Confirmed;
      },
      check: async () => {
        const found = await getOrder(amazon, orderId, { includedData: ['PACKAGES'] });
        const landed = found.packages?.some((p) => p.packageReferenceId === pkg.packageReferenceId);
        return landed ? { confirmedAt: ctx.now().toISOString(), foundOnAmazon: true } : undefined;
      },
      record: async (tx, outcome) => {
        confirmed = confirmedEntry(pkg, outcome);
        await recordConfirmed(tx, confirmed);
      },
    });
    return confirmed!;
  } catch (error) {
    if (error !== sendFailure || !isRefusal(error)) throw error;
    await rejectIntent(ctx, key, describeError(error));
    return diagnoseRefusal(ctx, order, pkg, error);
  }
}

function confirmedEntry(pkg: PackageEntry, outcome: OnceOutcome<Confirmed>): PackageEntry {
  const reconciled = outcome.status !== 'sent';
  return {
    ...pkg,
    state: 'confirmed',
    confirmedAt: outcome.result.confirmedAt,
    ...(reconciled && {
      note: `${pkg.note ? `${pkg.note}; ` : ''}found on Amazon after an earlier attempt (not sent again)`,
    }),
  };
}

/**
 * A transient failure that certainly did not reach Amazon's order: throttled (429), or the connection
 * refused before anything was sent. Any other status may have been applied (outcome unknown).
 */
function notSent(error: unknown): boolean {
  if (!isConnectorError(error) || error.kind !== 'transient' || error.context.outcomeUnknown === true)
    return false;
  return (
    error.context.status === 429 || (error.context.status === undefined && 'networkError' in error.context)
  );
}

/** Amazon (or the client's own check of the body) said no: sending the same again will not help. */
export function isRefusal(error: unknown): boolean {
  return isConnectorError(error) && !error.retryable && (error.kind === 'remote' || error.kind === 'data');
}
