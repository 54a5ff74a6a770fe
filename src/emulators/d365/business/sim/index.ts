// mountSimulation: the `/_sim/` routes standing in for what people do in the F&O client — product
// receipts, packing slips, cancellations, trade-agreement journals — and an order's state for tests.
import type { Hono } from 'hono';
import { cancelSalesOrder, cancelSchema } from './cancellations.ts';
import { companyFrom, runRead, runSim, type SimDeps } from './http.ts';
import { packingSlipSchema, postPackingSlip } from './packingSlips.ts';
import { postProductReceipt, productReceiptSchema } from './productReceipts.ts';
import { salesOrderView } from './salesOrderView.ts';
import { postTradeAgreements, tradeAgreementSchema } from './tradeAgreements.ts';

export function mountSimulation(app: Hono, deps: SimDeps): void {
  const ctx = (company: string | undefined) => deps.context(companyFrom(company));
  app.post('/_sim/product-receipts', (c) =>
    runSim(c, deps, productReceiptSchema, (b) => postProductReceipt(deps.store, ctx(b.company), b)),
  );
  app.post('/_sim/packing-slips', (c) =>
    runSim(c, deps, packingSlipSchema, (b) => postPackingSlip(deps.store, ctx(b.company), b)),
  );
  app.post('/_sim/sales-orders/cancel', (c) =>
    runSim(c, deps, cancelSchema, (b) => cancelSalesOrder(deps.store, ctx(b.company), b)),
  );
  app.post('/_sim/trade-agreements', (c) =>
    runSim(c, deps, tradeAgreementSchema, (b) => postTradeAgreements(deps.store, ctx(b.company), b)),
  );
  app.get('/_sim/sales-orders/:number', (c) =>
    runRead(c, () => salesOrderView(deps.store, companyFrom(c.req.query('company')), c.req.param('number'))),
  );
}
