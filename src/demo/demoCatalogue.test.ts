import { describe, expect, it } from 'vitest';
import { demoCatalogue, demoListings } from './demoCatalogue.ts';

function checkDigitOk(code: string): boolean {
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  // Weights 3,1,3,… from the rightmost data digit (UPC-A and EAN-13 alike).
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

describe('demo catalogue', () => {
  const catalogue = demoCatalogue();

  it('maps every marketplace to a legal entity it defines', () => {
    const entities = new Set(catalogue.legalEntities.map((e) => e.dataAreaId));
    for (const m of catalogue.marketplaces) expect(entities).toContain(m.legalEntity);
  });

  it('has unique SKUs per marketplace and only known marketplaces', () => {
    const markets = new Set(catalogue.marketplaces.map((m) => m.id));
    const seen = new Set<string>();
    for (const l of demoListings()) {
      expect(markets).toContain(l.marketplaceId);
      const key = `${l.marketplaceId}/${l.sku}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('gives every barcode a valid check digit and never reuses one', () => {
    const all = catalogue.products.flatMap((p) =>
      p.kind === 'simple' ? p.barcodes : p.variants.flatMap((v) => v.barcodes),
    );
    expect(new Set(all.map((b) => b.barcode)).size).toBe(all.length);
    for (const b of all) expect(checkDigitOk(b.barcode), b.barcode).toBe(true);
  });

  it('builds bundles only from items and warehouses it defines', () => {
    const items = new Set(catalogue.products.map((p) => p.itemNumber));
    for (const b of catalogue.bundles) for (const c of b.components) expect(items).toContain(c.itemNumber);
    const warehouses = new Set(
      catalogue.legalEntities.flatMap((e) => e.sites.flatMap((s) => s.warehouses.map((w) => w.warehouseId))),
    );
    for (const p of catalogue.products) {
      const stocks = p.kind === 'simple' ? [p.onHand] : p.variants.map((v) => v.onHand);
      for (const s of stocks) for (const w of Object.keys(s)) expect(warehouses).toContain(w);
    }
  });

  it('gives the charge items numbers of their own, apart from every product and bundle component', () => {
    const charges = Object.values(catalogue.codes.chargeItems).map((c) => c.itemNumber);
    expect(new Set(charges).size).toBe(charges.length);
    const items = new Set(catalogue.products.map((p) => p.itemNumber));
    for (const c of charges) expect(items.has(c), c).toBe(false);
    const components = catalogue.bundles.flatMap((b) => b.components.map((c) => c.itemNumber));
    for (const c of charges) expect(components).not.toContain(c);
  });
});
