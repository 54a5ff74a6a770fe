// Reading a confirmShipment body as Amazon checks it: required fields and JSON types first (listed in
// Amazon's "missing values" / "invalid type" wording — a numeric `packageReferenceId` is an invalid
// type since January 2026), then values: a positive numeric package reference, a carrier code from
// Seller Central's list, a carrier name when the carrier code is `Other`, an ISO 8601 ship date, positive
// item quantities, a known marketplace.
import { invalidInput, INVALID_INPUT_MESSAGE } from '../spApiErrors.ts';
import { isKnownCarrierCode } from './carrierCodes.ts';

export interface ConfirmItem {
  orderItemId: string;
  quantity: number;
  transparencyCodes?: string[];
}

export interface ConfirmRequest {
  marketplaceId: string;
  packageDetail: {
    packageReferenceId: string;
    carrierCode: string;
    carrierName?: string;
    shippingMethod?: string;
    trackingNumber: string;
    shipDate: number;
    shipFromSupplySourceId?: string;
    orderItems: ConfirmItem[];
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function parseConfirmShipment(body: unknown, knownMarketplaces: string[]): ConfirmRequest {
  if (!isObject(body))
    throw invalidInput({ message: INVALID_INPUT_MESSAGE, details: 'The body must be a JSON object.' });
  const missing: string[] = [];
  const wrongType: string[] = [];
  const field = (
    obj: Json,
    name: string,
    path: string,
    type: 'string' | 'array' | 'object' | 'integer',
    required: boolean,
  ) => {
    const v = obj[name];
    if (v === undefined || v === null || v === '') {
      if (required) missing.push(path);
      return undefined;
    }
    const ok =
      type === 'array'
        ? Array.isArray(v)
        : type === 'object'
          ? isObject(v)
          : type === 'integer'
            ? Number.isInteger(v)
            : typeof v === type;
    if (!ok) wrongType.push(path);
    return ok ? v : undefined;
  };

  const marketplaceId = field(body, 'marketplaceId', 'marketplaceId', 'string', true) as string | undefined;
  field(body, 'codCollectionMethod', 'codCollectionMethod', 'string', false);
  const detail = (field(body, 'packageDetail', 'packageDetail', 'object', true) ?? {}) as Json;
  const p = (name: string, type: 'string' | 'array', required = false) =>
    field(detail, name, `packageDetail.${name}`, type, required);
  const packageReferenceId = p('packageReferenceId', 'string', isObject(body.packageDetail)) as
    string | undefined;
  const carrierCode = p('carrierCode', 'string', isObject(body.packageDetail)) as string | undefined;
  const carrierName = p('carrierName', 'string') as string | undefined;
  const shippingMethod = p('shippingMethod', 'string') as string | undefined;
  const trackingNumber = p('trackingNumber', 'string', isObject(body.packageDetail)) as string | undefined;
  const shipDate = p('shipDate', 'string', isObject(body.packageDetail)) as string | undefined;
  const shipFromSupplySourceId = p('shipFromSupplySourceId', 'string') as string | undefined;
  const rawItems = (p('orderItems', 'array', isObject(body.packageDetail)) ?? []) as unknown[];
  const orderItems: ConfirmItem[] = [];
  rawItems.forEach((raw, i) => {
    const path = `packageDetail.orderItems[${i}]`;
    if (!isObject(raw)) return wrongType.push(path);
    const orderItemId = field(raw, 'orderItemId', `${path}.orderItemId`, 'string', true) as
      string | undefined;
    const quantity = field(raw, 'quantity', `${path}.quantity`, 'integer', true) as number | undefined;
    const codes = field(raw, 'transparencyCodes', `${path}.transparencyCodes`, 'array', false) as
      unknown[] | undefined;
    if (codes?.some((c) => typeof c !== 'string')) wrongType.push(`${path}.transparencyCodes`);
    if (orderItemId !== undefined && quantity !== undefined)
      orderItems.push({ orderItemId, quantity, ...(codes && { transparencyCodes: codes as string[] }) });
  });

  const problems: { message: string; details?: string }[] = [];
  const check = (kind: string, paths: string[]) =>
    paths.length > 0 &&
    problems.push({
      message: `The input you have submitted is not valid. Please check the fields with ${kind} [${paths.join(', ')}].`,
    });
  check('missing values', missing);
  check('invalid type', wrongType);
  if (problems.length > 0) throw invalidInput(...problems);

  if (!knownMarketplaces.includes(marketplaceId!))
    problems.push({ message: 'Marketplace ID is not defined', details: '1001' });
  if (!/^\d+$/.test(packageReferenceId!) || /^0+$/.test(packageReferenceId!))
    problems.push({ message: 'PackageReferenceId: is invalid, must be a positive numeric value.' });
  // Amazon does not publish its API wording for an unlisted code (the order-fulfillment feed's is 5004
  // "The carrier-code field contains an invalid value"); the message and details here are the emulator's.
  if (!isKnownCarrierCode(carrierCode!))
    problems.push({ message: `Invalid carrierCode: ${carrierCode}`, details: 'packageDetail.carrierCode' });
  if (carrierCode === 'Other' && !carrierName)
    problems.push({ message: 'CarrierName: is required when CarrierCode is "Other".' });
  if (!ISO_DATE_TIME.test(shipDate!) || Number.isNaN(Date.parse(shipDate!)))
    problems.push({ message: 'ShipDate: is invalid, must be an ISO 8601 date-time.', details: shipDate });
  if (orderItems.length === 0)
    problems.push({ message: 'OrderItems: is invalid, must list at least one order item.' });
  for (const item of orderItems)
    if (item.quantity < 1)
      problems.push({
        message: 'Quantity: is invalid, must be a positive integer.',
        details: `orderItemId ${item.orderItemId}`,
      });
  if (problems.length > 0) throw invalidInput(...problems);

  return {
    marketplaceId: marketplaceId!,
    packageDetail: {
      packageReferenceId: packageReferenceId!,
      carrierCode: carrierCode!,
      carrierName,
      shippingMethod,
      trackingNumber: trackingNumber!,
      shipDate: Date.parse(shipDate!),
      shipFromSupplySourceId,
      orderItems,
    },
  };
}
