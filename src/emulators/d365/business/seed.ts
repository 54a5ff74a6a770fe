// The demo company as F&O would hold it after setup, built from the demo catalogue (no product or code
// data of its own): each legal entity with its sites and warehouses, units and barcode setups, the
// Amazon codes (customer group, terms and methods of payment, modes of delivery, charge codes, the
// trade-agreement journal name), the products (seedProducts.ts), one customer per marketplace and the
// opening sales prices (seedPrices.ts). Seeding twice changes nothing that is already there.
import { demoCatalogue } from '../../../demo/demoCatalogue.ts';
import type { BehaviourContext, EntityStore } from '../engine/behaviour.ts';
import { isoOf } from './addresses.ts';
import { prepareCustomer } from './customers.ts';
import { ensureRow, insertRow } from './rows.ts';
import { seedCustomerProductNumbers, seedPrices } from './seedPrices.ts';
import { seedProducts } from './seedProducts.ts';
import { marketplaceCustomer, TRADE_AGREEMENT_JOURNAL_NAME } from './setup.ts';

function seedShared(store: EntityStore): void {
  ensureRow(store, 'UnitsOfMeasure', {
    UnitSymbol: 'ea',
    UnitDescription: 'Each',
    UnitClass: 'Quantity',
    DecimalPrecision: 0,
    IsBaseUnit: 'Yes',
    SystemOfUnits: 'None',
  });
  ensureRow(store, 'UnitsOfMeasure', {
    UnitSymbol: 'kg',
    UnitDescription: 'Kilogram',
    UnitClass: 'Mass',
    DecimalPrecision: 3,
    IsBaseUnit: 'Yes',
    SystemOfUnits: 'Metric',
  });
}

function seedOrganisation(store: EntityStore, company: string): void {
  const cat = demoCatalogue();
  const le = cat.legalEntities.find((l) => l.dataAreaId === company)!;
  ensureRow(store, 'LegalEntities', {
    LegalEntityId: company,
    Name: le.name,
    CompanyName: le.name,
    LanguageId: le.languageId,
    AddressCountryRegionId: le.countryRegionId,
    AddressCountryRegionISOCode: isoOf(le.countryRegionId),
  });
  for (const site of le.sites) {
    ensureRow(store, 'OperationalSitesV2', {
      dataAreaId: company,
      SiteId: site.siteId,
      SiteName: site.name,
      PrimaryAddressCountryRegionId: le.countryRegionId,
    });
    for (const wh of site.warehouses)
      ensureRow(store, 'Warehouses', {
        dataAreaId: company,
        WarehouseId: wh.warehouseId,
        WarehouseName: wh.name,
        OperationalSiteId: site.siteId,
        WarehouseType: 'Standard',
        AreAdvancedWarehouseManagementProcessesEnabled: 'No',
        PrimaryAddressCountryRegionId: le.countryRegionId,
      });
  }
  ensureRow(store, 'BarcodeSetups', {
    dataAreaId: company,
    BarcodeSetupId: 'UPC',
    BarcodeDescription: 'UPC-A',
    BarcodeType: 'UPCA',
    MinimumBarcodeLength: 12,
    MaximumBarcodeLength: 12,
  });
  ensureRow(store, 'BarcodeSetups', {
    dataAreaId: company,
    BarcodeSetupId: 'EAN13',
    BarcodeDescription: 'EAN-13',
    BarcodeType: 'EAN13',
    MinimumBarcodeLength: 13,
    MaximumBarcodeLength: 13,
  });
}

function seedCodes(store: EntityStore, company: string): void {
  const { codes } = demoCatalogue();
  const days = Number(/\d+/.exec(codes.termsOfPayment)?.[0] ?? 0);
  ensureRow(store, 'PaymentTerms', {
    dataAreaId: company,
    Name: codes.termsOfPayment,
    Description: `Net ${days} days`,
    NumberOfDays: days,
    PaymentMethodType: 'Net',
  });
  ensureRow(store, 'CustomerGroups', {
    dataAreaId: company,
    CustomerGroupId: codes.customerGroup.id,
    Description: codes.customerGroup.description,
    PaymentTermId: codes.termsOfPayment,
    TaxGroupId: codes.salesTaxGroup,
    IsSalesTaxIncludedInPrice: 'No',
  });
  for (const m of codes.methodsOfPayment)
    ensureRow(store, 'CustomerPaymentMethods', {
      dataAreaId: company,
      Name: m.id,
      Description: m.description,
      PaymentType: 'Other',
      AccountType: 'Ledger',
    });
  codes.modesOfDelivery.forEach((m, i) =>
    ensureRow(store, 'DeliveryModesV2', {
      dataAreaId: company,
      ModeCode: m.id,
      ModeDescription: m.description,
      ModeDisplayOrder: i + 1,
    }),
  );
  const charges: [string, string, string][] = [
    [codes.charges.shipping, 'Shipping charged to the buyer', 'SalesFreight'],
    [codes.charges.giftWrap, 'Gift wrap charged to the buyer', 'SalesFee'],
  ];
  for (const [code, description, posting] of charges)
    ensureRow(store, 'SalesCharge', {
      dataAreaId: company,
      ChargeCode: code,
      ChargeDescription: description,
      DebitPostingMethod: 'CustVend',
      DebitPostingType: 'CustBalance',
      CreditPostingMethod: 'LedgerAccount',
      CreditPostingType: posting,
      WillSalesInvoicingProrateChargeAmounts: 'No',
    });
  ensureRow(store, 'TradeAgreementJournalNames', {
    dataAreaId: company,
    TradeAgreementJournalNameId: TRADE_AGREEMENT_JOURNAL_NAME,
    DefaultJournalDescription: 'Sales prices',
    DefaultTradeAgreementType: 'PriceSales',
  });
}

/** One customer per marketplace of the company, in the marketplace's currency. */
function seedCustomers(store: EntityStore, ctx: BehaviourContext, company: string): void {
  const { marketplaces, codes } = demoCatalogue();
  for (const m of marketplaces.filter((mk) => mk.legalEntity === company)) {
    const account = marketplaceCustomer(m.countryCode);
    if (store.get('CustomersV3', { dataAreaId: company, CustomerAccount: account })) continue;
    const row = prepareCustomer(store, ctx, {
      dataAreaId: company,
      CustomerAccount: account,
      PartyType: 'Organization',
      OrganizationName: m.name,
      CustomerGroupId: codes.customerGroup.id,
      SalesCurrencyCode: m.currency,
      PaymentMethod: codes.methodsOfPayment[0]?.id,
      DeliveryMode: codes.modesOfDelivery[0]?.id,
    });
    insertRow(store, 'CustomersV3', row);
  }
}

export function seedDemo(store: EntityStore, ctx: BehaviourContext): void {
  store.atomically(() => {
    seedShared(store);
    for (const le of demoCatalogue().legalEntities) {
      const company = le.dataAreaId;
      const c = company === ctx.company ? ctx : { ...ctx, company };
      seedOrganisation(store, company);
      seedCodes(store, company);
      seedProducts(store, c, company);
      seedCustomers(store, c, company);
      seedCustomerProductNumbers(store, company);
      seedPrices(store, c, company);
    }
  });
}
