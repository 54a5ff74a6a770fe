/**
 * `mappings.carriers`: how a D365 shipment names its carrier → what Amazon's confirmShipment takes
 * (`carrierCode`, `carrierName`, `shippingMethod`). A row is keyed by exactly one of
 *
 *   service  the order's carrier service (`SalesOrderHeadersV2.ShippingCarrierServiceId`) — most specific
 *   carrier  the packing slip's carrier (`CustPackingSlipJourBiEntities.ShipCarrierId`)
 *   mode     the packing slip's mode of delivery (`DlvMode`) — the fallback
 *
 * and looked up in that order, D365 codes matched regardless of case. `carrierCode` must be one of
 * Amazon's carrier codes exactly (case and spaces count: "Missing or incorrect values will lead to
 * errors"); `Other` needs `carrierName`. A shipment whose carrier has no row goes as `Other` with the
 * D365 carrier's id as its name, and its record says so.
 */
import { closestCarrierCodes, isAmazonCarrierCode } from '../../amazon/orders/carrierCodes.ts';
import { readRow, type MappingRow } from '../domain/mappingRow.ts';

export type CarrierKey = 'service' | 'carrier' | 'mode';
const KEYS: readonly CarrierKey[] = ['service', 'carrier', 'mode'];

export interface CarrierRow {
  key: CarrierKey;
  /** The D365 code, as given. */
  value: string;
  carrierCode: string;
  carrierName?: string;
  shippingMethod?: string;
}

export interface CarrierMapping {
  rows: CarrierRow[];
  /** True when some row is keyed by carrier service: the orders' services are then read. */
  usesServices: boolean;
}

export function readCarrierMapping(rows: readonly MappingRow[]): {
  mapping: CarrierMapping;
  problems: string[];
} {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const out: CarrierRow[] = [];
  rows.forEach((row, index) => {
    const r = readRow(row, `mappings.carriers[${index}]`, problems);
    r.only([...KEYS, 'carrierCode', 'carrierName', 'shippingMethod']);
    const keys = KEYS.filter((k) => row[k] !== undefined && String(row[k]).trim() !== '');
    if (keys.length !== 1) {
      r.problem(
        keys[1] ?? 'carrier',
        keys.length === 0
          ? 'missing: give the D365 carrier (carrier), carrier service (service) or mode of delivery (mode) the row is for'
          : `give only one of ${keys.join(', ')}: a row maps one D365 code`,
      );
      return;
    }
    const key = keys[0]!;
    const value = r.text(key, { required: 'the D365 code' });
    const carrierCode = r.text('carrierCode', { required: "Amazon's carrier code (e.g. UPS, FedEx, Other)" });
    const carrierName = r.text('carrierName');
    const shippingMethod = r.text('shippingMethod');
    if (carrierCode && !isAmazonCarrierCode(carrierCode)) {
      const near = closestCarrierCodes(carrierCode);
      r.problem(
        'carrierCode',
        `'${carrierCode}' is not one of Amazon's carrier codes (they are matched exactly, case and spaces included)` +
          (near.length > 0 ? `; did you mean ${near.map((c) => `'${c}'`).join(' or ')}?` : ''),
      );
    }
    if (carrierCode === 'Other' && !carrierName)
      r.problem('carrierName', "missing: Amazon requires the carrier's name when carrierCode is Other");
    if (!r.ok || !value || !carrierCode) return;
    const id = `${key}\u0000${value.toUpperCase()}`;
    const first = seen.get(id);
    if (first !== undefined) {
      r.problem(key, `${key} ${value} is mapped twice (rows ${first} and ${index}): keep one`);
      return;
    }
    seen.set(id, index);
    out.push({
      key,
      value,
      carrierCode,
      ...(carrierName && { carrierName }),
      ...(shippingMethod && { shippingMethod }),
    });
  });
  return { mapping: { rows: out, usesServices: out.some((r) => r.key === 'service') }, problems };
}

/** What a shipment names of its carrier in D365. */
export interface D365Carrier {
  service?: string;
  carrier?: string;
  mode?: string;
}

export interface AmazonCarrier {
  carrierCode: string;
  carrierName?: string;
  shippingMethod?: string;
  /** The row it came from, or why there was none — for the record. */
  via: string;
}

/** The Amazon carrier of a shipment; undefined when D365 names no carrier and no row matches. */
export function amazonCarrier(mapping: CarrierMapping, d365: D365Carrier): AmazonCarrier | undefined {
  for (const key of KEYS) {
    const value = d365[key];
    if (!value) continue;
    const row = mapping.rows.find((r) => r.key === key && r.value.toUpperCase() === value.toUpperCase());
    if (row)
      return {
        carrierCode: row.carrierCode,
        ...(row.carrierName && { carrierName: row.carrierName }),
        ...(row.shippingMethod && { shippingMethod: row.shippingMethod }),
        via: `mappings.carriers (${key} ${row.value})`,
      };
  }
  if (!d365.carrier) return undefined;
  return {
    carrierCode: 'Other',
    carrierName: d365.carrier,
    via: `carrier ${d365.carrier} has no row in mappings.carriers: sent as Other with its D365 id as the name`,
  };
}
