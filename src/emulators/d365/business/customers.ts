// CustomersV3: what F&O requires of a new customer (customer group, currency, party type and a name),
// what it derives (account from the number sequence, party number, defaults from the customer group,
// the primary postal address when address fields are sent) and the CustTableBiEntities row that mirrors
// the customer table for change detection.
import type { BehaviourContext, EntityBehaviour, EntityStore, Row } from '../engine/behaviour.ts';
import { deleteFailed, mustBeFilled, refuseIfAny, type Problem } from './faults.ts';
import { keyOf } from './metadata.ts';
import { nextFreeNumber, nextNumber, nextRecId, sequences } from './numberSequences.ts';
import { syncPrimaryAddress } from './postalAddresses.ts';
import { checkRef, checkRequiredRef, references } from './references.ts';
import { deleteIfExists, upsertRow } from './rows.ts';
import { legalEntity } from './setup.ts';
import { companyOf, isSet, nowUtc, str } from './values.ts';

const SET = 'CustomersV3';

/** The customer's display name, whichever party type it is. */
export function customerName(c: Row): string {
  return c.PartyType === 'Person'
    ? [str(c.PersonFirstName), str(c.PersonMiddleName), str(c.PersonLastName)].filter(Boolean).join(' ')
    : str(c.OrganizationName);
}

function validate(store: EntityStore, company: string, row: Row, problems: Problem[]): Row | undefined {
  const group = checkRequiredRef(
    store,
    problems,
    references.customerGroup,
    company,
    row.CustomerGroupId,
    'CustomerGroupId',
  );
  if (!isSet(row.SalesCurrencyCode)) problems.push(mustBeFilled('Currency', 'SalesCurrencyCode'));
  if (!isSet(row.PartyType)) problems.push(mustBeFilled('Party type', 'PartyType'));
  else if (row.PartyType !== 'Person' && row.PartyType !== 'Organization')
    problems.push({
      message: `Party type '${str(row.PartyType)}' is not valid: use Person or Organization.`,
      field: 'PartyType',
    });
  else if (row.PartyType === 'Organization' && !isSet(row.OrganizationName))
    problems.push(mustBeFilled('Name', 'OrganizationName'));
  else if (row.PartyType === 'Person' && !isSet(row.PersonFirstName) && !isSet(row.PersonLastName))
    problems.push(mustBeFilled('Last name', 'PersonLastName'));
  checkRef(store, problems, references.paymentTerms, company, row.PaymentTerms, 'PaymentTerms');
  checkRef(store, problems, references.paymentMethod, company, row.PaymentMethod, 'PaymentMethod');
  checkRef(store, problems, references.deliveryMode, company, row.DeliveryMode, 'DeliveryMode');
  checkRef(store, problems, references.deliveryTerms, company, row.DeliveryTerms, 'DeliveryTerms');
  checkRef(store, problems, references.site, company, row.SiteId, 'SiteId');
  checkRef(store, problems, references.warehouse, company, row.WarehouseId, 'WarehouseId');
  if (isSet(row.InvoiceAccount) && row.InvoiceAccount !== row.CustomerAccount)
    checkRef(store, problems, references.customer, company, row.InvoiceAccount, 'InvoiceAccount');
  return group;
}

/** A customer group may name its own account sequence (CustomerGroups.CustomerAccountNumberSequence). */
function newAccount(
  store: EntityStore,
  ctx: BehaviourContext,
  company: string,
  group: Row | undefined,
): string {
  const taken = (a: string) => !!store.get(SET, { dataAreaId: company, CustomerAccount: a });
  const groupSeq = str(group?.CustomerAccountNumberSequence);
  const s = groupSeq
    ? { code: `CustomerAccount.${groupSeq}`, prefix: `${str(group?.CustomerGroupId)}-`, digits: 6, first: 1 }
    : sequences.customerAccount;
  return nextFreeNumber(ctx, s, company, taken);
}

/** Validates and derives a new customer; also writes its primary address and BI row. */
export function prepareCustomer(store: EntityStore, ctx: BehaviourContext, input: Row): Row {
  const company = companyOf(input, ctx);
  const problems: Problem[] = [];
  const group = validate(store, company, input, problems);
  refuseIfAny(SET, problems);
  const le = legalEntity(company);
  let row: Row = {
    OnHoldStatus: 'No',
    LanguageId: le.languageId,
    PartyCountry: le.countryRegionId,
    PaymentTerms: str(group?.PaymentTermId),
    SalesTaxGroup: str(group?.TaxGroupId),
    IsSalesTaxIncludedInPrices: group?.IsSalesTaxIncludedInPrice ?? 'No',
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => isSet(v))),
    dataAreaId: company,
  };
  row.CustomerAccount = str(input.CustomerAccount) || newAccount(store, ctx, company, group);
  row.PartyNumber = str(input.PartyNumber) || nextNumber(ctx, sequences.party, company);
  row.NameAlias = str(input.NameAlias) || customerName(row);
  row = syncPrimaryAddress(store, ctx, row);
  mirrorCustomer(store, ctx, row, true);
  return row;
}

/** CustTableBiEntities: the customer table with its modified timestamp. */
function mirrorCustomer(store: EntityStore, ctx: BehaviourContext, c: Row, created: boolean): void {
  const key = { dataAreaId: c.dataAreaId, AccountNum: c.CustomerAccount };
  const before = store.get('CustTableBiEntities', key);
  const recId = before?.SourceKey ?? nextRecId(ctx, str(c.dataAreaId));
  upsertRow(store, 'CustTableBiEntities', {
    ...key,
    SysDataAreaId: c.dataAreaId,
    CustGroup: c.CustomerGroupId,
    Currency: c.SalesCurrencyCode,
    Blocked: c.OnHoldStatus,
    DlvMode: c.DeliveryMode,
    DlvTerm: c.DeliveryTerms,
    PaymTermId: c.PaymentTerms,
    PaymMode: c.PaymentMethod,
    TaxGroup: c.SalesTaxGroup,
    InvoiceAccount: c.InvoiceAccount,
    PriceGroup: c.DiscountPriceGroupId,
    LineDisc: c.LineDiscountCode,
    InventSiteId: c.SiteId,
    InventLocation: c.WarehouseId,
    OneTimeCustomer: c.IsOneTimeCustomer,
    SalesPoolId: c.SalesOrderPoolId,
    PartyCountry: c.PartyCountry,
    SourceKey: recId,
    CreatedDateTime1: created ? nowUtc(ctx) : before?.CreatedDateTime1,
    SysModifiedDateTime: nowUtc(ctx),
    SysRecVersion: Number(before?.SysRecVersion ?? 0) + 1,
  });
}

export const customerBehaviour: EntityBehaviour = {
  entitySet: SET,
  onCreate: (row, ctx) => prepareCustomer(ctx.store, ctx, row),
  onUpdate(before, after, ctx) {
    const company = companyOf(before, ctx);
    const problems: Problem[] = [];
    validate(ctx.store, company, after, problems);
    refuseIfAny(SET, problems);
    const row = syncPrimaryAddress(ctx.store, ctx, after);
    mirrorCustomer(ctx.store, ctx, row, false);
    return row;
  },
  onDelete(row, ctx) {
    const company = companyOf(row, ctx);
    const orders = ctx.store
      .list('SalesOrderHeadersV2', company)
      .filter(
        (o) =>
          o.OrderingCustomerAccountNumber === row.CustomerAccount ||
          o.InvoiceCustomerAccountNumber === row.CustomerAccount,
      );
    if (orders.length > 0)
      throw deleteFailed(
        SET,
        `Customer ${str(row.CustomerAccount)} cannot be deleted while dependent Sales orders exist. Delete dependent Sales orders and try again.`,
      );
    for (const a of ctx.store.list('CustomerPostalAddresses', company))
      if (a.CustomerAccountNumber === row.CustomerAccount)
        ctx.store.delete('CustomerPostalAddresses', keyOf('CustomerPostalAddresses', a));
    deleteIfExists(ctx.store, 'CustTableBiEntities', {
      dataAreaId: company,
      AccountNum: row.CustomerAccount,
    });
  },
};
