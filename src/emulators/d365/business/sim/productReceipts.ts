// POST /_sim/product-receipts — a buyer creating and confirming a purchase order for items or
// variants into warehouses, and the warehouse posting its product receipt in full. Writes the order
// (PurchaseOrderHeadersV2/LinesV2, status Received, approval Confirmed), the posted receipt
// (ProductReceiptHeaders/LinesV2) and raises physical inventory at each warehouse. F&O's checks: a
// stocked released item or variant, an existing warehouse (and its site), a receipt number not used
// before for the vendor.
import { z } from 'zod';
import type { BehaviourContext, EntityStore, Row } from '../../engine/behaviour.ts';
import { AVAILABLE_STATUS, moveStock } from '../inventory.ts';
import { nextFreeNumber, nextRecId, sequences } from '../numberSequences.ts';
import { describeDims, productName, resolveItem, type Dims } from '../products.ts';
import { insertRow } from '../rows.ts';
import { legalEntity } from '../setup.ts';
import { dateOnly, num, round, str } from '../values.ts';
import { companyFrom, simError } from './http.ts';

const dimFields = {
  configuration: z.string().optional(),
  size: z.string().optional(),
  color: z.string().optional(),
  style: z.string().optional(),
  version: z.string().optional(),
};

export const productReceiptSchema = z.strictObject({
  company: z.string().optional(),
  /** Vendors are not in the metadata extract: any account is accepted. */
  vendorAccount: z.string().min(1).default('DEMO-VENDOR'),
  productReceiptNumber: z.string().min(1).optional(),
  receiptDate: z.iso.date().optional(),
  lines: z
    .array(
      z.strictObject({
        itemNumber: z.string().min(1),
        ...dimFields,
        quantity: z.number().positive(),
        warehouseId: z.string().min(1),
        siteId: z.string().min(1).optional(),
        purchasePrice: z.number().nonnegative().optional(),
      }),
    )
    .min(1),
});
export type ProductReceiptRequest = z.output<typeof productReceiptSchema>;
type ReceiptLine = ProductReceiptRequest['lines'][number];

export function dimsFromBody(b: {
  configuration?: string;
  size?: string;
  color?: string;
  style?: string;
  version?: string;
}): Dims {
  return {
    ProductConfigurationId: b.configuration ?? '',
    ProductSizeId: b.size ?? '',
    ProductColorId: b.color ?? '',
    ProductStyleId: b.style ?? '',
    ProductVersionId: b.version ?? '',
  };
}

interface Checked {
  req: ReceiptLine;
  dims: Dims;
  item: Row;
  variant?: Row;
  site: string;
}

function checkLines(store: EntityStore, company: string, req: ProductReceiptRequest): Checked[] {
  const problems: string[] = [];
  const checked: Checked[] = [];
  req.lines.forEach((l, i) => {
    const where = `lines.${i}`;
    const dims = dimsFromBody(l);
    const { item, variant, problems: itemProblems } = resolveItem(store, company, l.itemNumber, dims);
    problems.push(...itemProblems.map((p) => `${where}: ${p.message}`));
    if (item && item.ProductType === 'Service')
      problems.push(`${where}: item ${l.itemNumber} is a service and is not stocked.`);
    const wh = store.get('Warehouses', { dataAreaId: company, WarehouseId: l.warehouseId });
    if (!wh)
      problems.push(
        `${where}: The value '${l.warehouseId}' in field 'Warehouse' is not found in the related table 'Warehouses'.`,
      );
    else if (l.siteId && wh.OperationalSiteId !== l.siteId)
      problems.push(`${where}: Warehouse ${l.warehouseId} is not associated with site ${l.siteId}.`);
    if (item && wh && itemProblems.length === 0)
      checked.push({ req: l, dims, item, variant, site: str(wh.OperationalSiteId) });
  });
  const number = req.productReceiptNumber;
  if (
    number &&
    store
      .list('ProductReceiptHeaders', company)
      .some((h) => h.ProductReceiptNumber === number && h.OrderVendorAccountNumber === req.vendorAccount)
  )
    problems.push(`Product receipt ${number} has already been posted for vendor ${req.vendorAccount}.`);
  if (problems.length) throw simError(400, 'The product receipt cannot be posted.', problems);
  return checked;
}

export function postProductReceipt(store: EntityStore, ctx: BehaviourContext, req: ProductReceiptRequest) {
  const company = companyFrom(req.company);
  const lines = checkLines(store, company, req);
  const date = req.receiptDate ? `${req.receiptDate}T12:00:00Z` : dateOnly(ctx.now());
  const le = legalEntity(company);
  const poNumber = nextFreeNumber(
    ctx,
    sequences.purchaseOrder,
    company,
    (n) => !!store.get('PurchaseOrderHeadersV2', { dataAreaId: company, PurchaseOrderNumber: n }),
  );
  const receiptNumber =
    req.productReceiptNumber ??
    nextFreeNumber(ctx, sequences.productReceipt, company, (n) =>
      store.list('ProductReceiptHeaders', company).some((h) => h.ProductReceiptNumber === n),
    );
  const first = lines[0]!;
  insertRow(store, 'PurchaseOrderHeadersV2', {
    dataAreaId: company,
    PurchaseOrderNumber: poNumber,
    OrderVendorAccountNumber: req.vendorAccount,
    InvoiceVendorAccountNumber: req.vendorAccount,
    CurrencyCode: le.currency,
    LanguageId: le.languageId,
    DefaultReceivingSiteId: first.site,
    DefaultReceivingWarehouseId: first.req.warehouseId,
    PurchaseOrderStatus: 'Received',
    DocumentApprovalStatus: 'Confirmed',
    RequestedDeliveryDate: date,
    ConfirmedDeliveryDate: date,
    AccountingDate: date,
    DeliveryAddressCountryRegionId: le.countryRegionId,
  });
  const receiptId = nextRecId(ctx, company);
  insertRow(store, 'ProductReceiptHeaders', {
    dataAreaId: company,
    RecordId: receiptId,
    ProductReceiptNumber: receiptNumber,
    PurchaseOrderNumber: poNumber,
    ProductReceiptDate: date,
    OrderVendorAccountNumber: req.vendorAccount,
    DeliveryAddressCountryRegionId: le.countryRegionId,
  });
  const results = lines.map((l, i) => {
    const lineNumber = i + 1;
    const name = productName(store, company, l.req.itemNumber, l.dims);
    const price = l.req.purchasePrice ?? num(l.item.PurchasePrice);
    const common = {
      dataAreaId: company,
      PurchaseOrderNumber: poNumber,
      ItemNumber: l.req.itemNumber,
      ...l.dims,
      LineDescription: name,
      PurchaseUnitSymbol: l.item.PurchaseUnitSymbol,
      OrderedPurchaseQuantity: l.req.quantity,
      ReceivingSiteId: l.site,
      ReceivingWarehouseId: l.req.warehouseId,
    };
    insertRow(store, 'PurchaseOrderLinesV2', {
      ...common,
      LineNumber: lineNumber,
      InventoryLotId: nextFreeNumber(
        ctx,
        sequences.lot,
        company,
        (lot) => !!store.get('SalesOrderLines', { dataAreaId: company, InventoryLotId: lot }),
      ),
      PurchasePrice: price,
      PurchasePriceQuantity: 1,
      LineAmount: round(price * l.req.quantity),
      PurchaseOrderLineStatus: 'Received',
      RequestedDeliveryDate: date,
      ConfirmedDeliveryDate: date,
    });
    insertRow(store, 'ProductReceiptLinesV2', {
      ...common,
      RecordId: nextRecId(ctx, company),
      ProductReceiptHeaderRecordId: receiptId,
      ProductReceiptNumber: receiptNumber,
      PurchaseOrderLineNumber: lineNumber,
      LineNumber: lineNumber,
      ProductNumber: l.variant ? l.variant.ProductVariantNumber : l.item.ProductNumber,
      ReceivedPurchaseQuantity: l.req.quantity,
      ReceivedInventoryQuantity: l.req.quantity,
      RemainingPurchaseQuantity: 0,
      RemainingInventoryQuantity: 0,
      ReceivedInventoryStatusId: AVAILABLE_STATUS,
      ProductReceiptDate: date,
      ExpectedDeliveryDate: date,
    });
    const onHand = moveStock(
      store,
      company,
      l.req.itemNumber,
      l.dims,
      l.req.warehouseId,
      { onHand: l.req.quantity },
      name,
    );
    return {
      lineNumber,
      itemNumber: l.req.itemNumber,
      dimensions: describeDims(l.dims) || null,
      warehouseId: l.req.warehouseId,
      quantity: l.req.quantity,
      onHandQuantity: onHand.OnHandQuantity,
      availableOnHandQuantity: onHand.AvailableOnHandQuantity,
    };
  });
  return {
    purchaseOrderNumber: poNumber,
    productReceiptNumber: receiptNumber,
    vendorAccount: req.vendorAccount,
    lines: results,
  };
}
