// F&O's refusals in F&O's words. Write failures carry the Infolog text the way F&O's OData layer reports
// it ("Write failed for table row of type '<AOT entity>'. Infolog: Warning: …; Warning: …"), every
// problem of the row listed at once, so a client sees all it must fix in one answer.
import { ODataFault } from '../engine/behaviour.ts';

/** AOT data-entity names behind the public entity sets (used in F&O's error texts). [INF where unconfirmed] */
const aotNames: Record<string, string> = {
  SalesOrderHeadersV2: 'SalesOrderHeaderV2Entity',
  SalesOrderHeadersV4: 'SalesOrderHeaderV4Entity',
  SalesOrderLines: 'SalesOrderLineV2Entity',
  SalesOrderLinesV3: 'SalesOrderLineV3Entity',
  CustomersV3: 'CustCustomerV3Entity',
  CustomerPostalAddresses: 'CustCustomerPostalAddressEntity',
  ReleasedProductsV2: 'EcoResReleasedProductV2Entity',
  ReleasedProductMastersV2: 'EcoResReleasedProductMasterV2Entity',
  ReleasedDistinctProductsV2: 'EcoResReleasedDistinctProductV2Entity',
  ReleasedProductCreationsV2: 'EcoResReleasedProductCreationV2Entity',
  OpenTradeAgreementJournalHeadersV2: 'PriceDiscAdmTradeAgreementJournalHeaderV2Entity',
  OpenSalesPriceJournalLinesV2: 'PriceDiscAdmSalesPriceJournalLineV2Entity',
  PackingSlipTrackingInformation: 'SalesPackingSlipTrackingInformationEntity',
};

export function aotName(entitySet: string): string {
  return aotNames[entitySet] ?? `${entitySet}Entity`;
}

/** One Infolog problem; `field` adds F&O's "validateField failed on field …" line. */
export interface Problem {
  message: string;
  field?: string;
}

export const mustBeFilled = (label: string, field?: string): Problem => ({
  message: `Field '${label}' must be filled in.`,
  field,
});

export const notInRelatedTable = (value: unknown, label: string, table: string, field?: string): Problem => ({
  message: `The value '${String(value)}' in field '${label}' is not found in the related table '${table}'.`,
  field,
});

/** Refuses a create/update with every problem found (status 400, as F&O answers a direct call). */
export function writeFailed(entitySet: string, problems: Problem[]): ODataFault {
  const aot = aotName(entitySet);
  const lines = problems.flatMap((p) => [
    `Warning: ${p.message}`,
    ...(p.field ? [`Warning: validateField failed on field '${aot}.${p.field}'.`] : []),
  ]);
  return new ODataFault(
    400,
    `Write failed for table row of type '${aot}'. Infolog: ${[...lines, 'Error: Update has been canceled.'].join('; ')}`,
    problems.map((p) => p.message),
  );
}

/** Throws when any problem was found. */
export function refuseIfAny(entitySet: string, problems: Problem[]): void {
  if (problems.length > 0) throw writeFailed(entitySet, problems);
}

export function deleteFailed(entitySet: string, message: string): ODataFault {
  return new ODataFault(
    400,
    `Delete failed for table row of type '${aotName(entitySet)}'. Infolog: Error: ${message}`,
    [message],
  );
}
