/**
 * Reading posted packing slips from D365 (reference d365-fo-business §4.2, §4.4): the journal headers by
 * posting time (`CustPackingSlipJourBiEntities.CreatedOn`, the only timestamp), their lines
 * (`CustPackingSlipTransBiEntities`), their tracking numbers (`PackingSlipTrackingInformation`) and, when
 * the carrier mapping has rows by carrier service, the orders' services (`SalesOrderHeadersV2`). Reads
 * only; one legal entity per call.
 */
import {
  packingSlipLines,
  packingSlips,
  packingSlipTracking,
  salesOrderHeaders,
  type D365Client,
} from '../../../d365/index.ts';
import type { PackingSlipFacts, SlipLine } from '../packages.ts';

/** A packing slip journal header, before its lines and tracking are read. */
export type SlipHeader = Omit<PackingSlipFacts, 'lines' | 'tracking' | 'service'>;

const HEADER_FIELDS = [
  'PackingSlipId',
  'SalesId',
  'CreatedOn',
  'DeliveryDate',
  'ShipCarrierId',
  'DlvMode',
  'SourceDocumentHeader',
] as const;

/**
 * Where a scan by posting time has got to: the last slip's `CreatedOn`, and its journal's RecId
 * (`SourceDocumentHeader`), which orders slips posted in the same second.
 */
export interface ScanPosition {
  createdOn: string;
  journal: number;
}

/** Slips a scan reads per request: enough to fill a page of new ones, few enough to answer quickly. */
const SCAN_PAGE = 1_000;

/**
 * Packing slips posted at or after `from.since`, or strictly after `from.after`, oldest first, each with
 * its position. Read in keyset pages of SCAN_PAGE (`$top`, then on after the last one), so a scan that
 * stops early has not made F&O read and send every slip of the window.
 */
export async function* slipsPostedSince(
  d365: D365Client,
  company: string,
  from: { since: string } | { after: ScanPosition },
  signal?: AbortSignal,
  pageRows = SCAN_PAGE,
): AsyncIterable<{ slip: SlipHeader; at: ScanPosition }> {
  let after = 'after' in from ? from.after : undefined;
  for (;;) {
    const position = after;
    const page = await d365.list(packingSlips, {
      company,
      signal,
      select: HEADER_FIELDS,
      top: pageRows,
      filter: (where) =>
        position
          ? where.or(
              where.gt('CreatedOn', position.createdOn),
              where.and(
                where.eq('CreatedOn', position.createdOn),
                where.gt('SourceDocumentHeader', position.journal),
              ),
            )
          : where.ge('CreatedOn', (from as { since: string }).since),
      orderBy: ['CreatedOn', 'SourceDocumentHeader'],
    });
    for (const row of page.rows) {
      const slip = toHeader(company, row);
      after = { createdOn: slip.createdOn, journal: Number(row.SourceDocumentHeader) };
      yield { slip, at: after };
    }
    // Fewer than asked and no next link: the window is read to its end (a next link means the server
    // pages below $top; the keyset goes on after the last row just the same).
    if (page.rows.length === 0 || (page.rows.length < pageRows && !page.nextLink)) return;
  }
}

type HeaderRow = { [F in (typeof HEADER_FIELDS)[number]]: unknown };

function toHeader(company: string, row: HeaderRow): SlipHeader {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const carrier = text(row.ShipCarrierId);
  const mode = text(row.DlvMode);
  return {
    company,
    packingSlipId: String(row.PackingSlipId),
    salesOrderNumber: String(row.SalesId),
    createdOn: new Date((row.CreatedOn as string | null) ?? 0).toISOString(),
    deliveryDate: String(row.DeliveryDate).slice(0, 10),
    ...(carrier && { carrier }),
    ...(mode && { mode }),
  };
}

/**
 * The journal headers of packing slips by sales order (`SalesId`: whenever posted — for orders that
 * reached the connector's read model after their slips were posted, which the scan by posting time has
 * passed) or by slip (`PackingSlipId`: as they are now — a retry reads them afresh).
 */
export async function slipHeadersBy(
  d365: D365Client,
  company: string,
  field: 'SalesId' | 'PackingSlipId',
  values: readonly string[],
  signal?: AbortSignal,
): Promise<SlipHeader[]> {
  const rows = await d365.readWhereIn(packingSlips, field, values, {
    company,
    signal,
    select: HEADER_FIELDS,
  });
  return rows.map((row) => toHeader(company, row));
}

const slipKey = (salesOrderNumber: string, packingSlipId: string) =>
  `${salesOrderNumber}\u0000${packingSlipId}`;

/** The lines of these packing slips, by (sales order, slip) — see `slipKey`. */
export async function slipLines(
  d365: D365Client,
  company: string,
  slips: readonly Pick<SlipHeader, 'packingSlipId' | 'salesOrderNumber'>[],
  signal?: AbortSignal,
): Promise<Map<string, SlipLine[]>> {
  const rows = await d365.readWhereIn(
    packingSlipLines,
    'PackingSlipId',
    slips.map((s) => s.packingSlipId),
    { company, signal, select: ['PackingSlipId', 'SalesId', 'InventTransId', 'ItemId', 'Qty', 'LineNum'] },
  );
  const lines = new Map<string, SlipLine[]>();
  for (const row of [...rows].sort((a, b) => Number(a.LineNum) - Number(b.LineNum))) {
    const key = slipKey(row.SalesId, row.PackingSlipId);
    lines.set(key, [
      ...(lines.get(key) ?? []),
      { inventTransId: row.InventTransId, itemId: row.ItemId, quantity: Number(row.Qty) },
    ]);
  }
  return lines;
}

/** The tracking numbers of these packing slips, by (sales order, slip), in the order D365 lists them. */
export async function slipTracking(
  d365: D365Client,
  company: string,
  slips: readonly Pick<SlipHeader, 'packingSlipId' | 'salesOrderNumber'>[],
  signal?: AbortSignal,
): Promise<Map<string, string[]>> {
  const rows = await d365.readWhereIn(
    packingSlipTracking,
    'PackingSlipNumber',
    slips.map((s) => s.packingSlipId),
    { company, signal, select: ['SalesOrderNumber', 'PackingSlipNumber', 'TrackingNumber'] },
  );
  const tracking = new Map<string, string[]>();
  for (const row of rows) {
    const key = slipKey(row.SalesOrderNumber, row.PackingSlipNumber);
    const numbers = tracking.get(key) ?? [];
    if (row.TrackingNumber && !numbers.includes(row.TrackingNumber)) numbers.push(row.TrackingNumber);
    tracking.set(key, numbers);
  }
  return tracking;
}

/** The carrier service of each of these sales orders that has one. */
export async function orderServices(
  d365: D365Client,
  company: string,
  salesOrderNumbers: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const rows = await d365.readWhereIn(salesOrderHeaders, 'SalesOrderNumber', salesOrderNumbers, {
    company,
    signal,
    select: ['SalesOrderNumber', 'ShippingCarrierServiceId'],
  });
  return new Map(
    rows.flatMap((r) =>
      r.ShippingCarrierServiceId ? [[r.SalesOrderNumber, r.ShippingCarrierServiceId] as const] : [],
    ),
  );
}

export { slipKey };
