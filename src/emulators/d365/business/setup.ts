// Company setup the rules consult: the legal entities of the demo catalogue (accounting currency,
// country, language, default site/warehouse) and switches F&O keeps in parameters and number-sequence
// setup that the metadata extract has no entity for.
import { demoCatalogue } from '../../../demo/demoCatalogue.ts';

export interface CompanySetup {
  /**
   * Whether the sales-order number sequence accepts a number the client supplies (F&O: "Manual" or
   * "To a higher/lower number" on the sequence). Off by default: F&O then refuses a given number.
   */
  manualSalesOrderNumbers: boolean;
}

export const defaultSetup: CompanySetup = { manualSalesOrderNumbers: false };

export interface LegalEntityFacts {
  dataAreaId: string;
  name: string;
  currency: string;
  countryRegionId: string;
  languageId: string;
}

/** The legal entity's facts, from the demo catalogue; unknown companies get USD/USA/en-us. */
export function legalEntity(company: string): LegalEntityFacts {
  const le = demoCatalogue().legalEntities.find((l) => l.dataAreaId.toLowerCase() === company.toLowerCase());
  return {
    dataAreaId: company.toLowerCase(),
    name: le?.name ?? company.toUpperCase(),
    currency: le?.currency ?? 'USD',
    countryRegionId: le?.countryRegionId ?? 'USA',
    languageId: le?.languageId ?? 'en-us',
  };
}

/** The F&O customer standing for one Amazon marketplace, e.g. AMZ-US (seeded per marketplace). */
export function marketplaceCustomer(countryCode: string): string {
  return `AMZ-${countryCode}`;
}

/** The seeded sales-price trade-agreement journal name. */
export const TRADE_AGREEMENT_JOURNAL_NAME = 'SalesPrice';
