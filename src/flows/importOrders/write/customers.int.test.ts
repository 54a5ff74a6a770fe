// ensureCustomer against the D365 emulator and a test store: customers and their addresses are created
// once (read back from "F&O"), kept in step when the buyer's data change, completed after a crash
// without a second customer, and a refusal says what to fix without personal data.
import { describe, expect, it } from 'vitest';
import { useTestStore } from '../../../../test/support/testDb.ts';
import { connectorErrorOf, useHarness } from '../../../../test/integration/d365/kit.ts';
import { customerPostalAddresses, customers } from '../../../d365/index.ts';
import { findIntent, recordIntent } from '../../../store/repos/intents.ts';
import { findLink } from '../../../store/repos/links.ts';
import { customerCreateRow, postalAddressRow } from './customerRows.ts';
import { CREATE_CUSTOMER_OPERATION, ensureCustomer } from './customers.ts';
import type { PostalAddress } from '../intake/facts.ts';
import type { CustomerDraft } from '../plan/drafts.ts';
import { aBuyerDraft, testWriteContext } from '../../../../test/support/writerTestKit.ts';

const d365 = useHarness('each');
const store = useTestStore();

const ctx = () => testWriteContext(d365.client, store);

const home: PostalAddress = {
  name: 'Jane Doe',
  lines: ['1 Main Street', 'Apt 4'],
  city: 'Seattle',
  stateOrRegion: 'WA',
  postalCode: '98101',
  countryCode: 'US',
};
const office: PostalAddress = {
  lines: ['500 Pine St'],
  city: 'Portland',
  postalCode: '97201',
  countryCode: 'US',
};

const buyer = aBuyerDraft({ addresses: [{ role: 'Delivery', address: home }], fallbackAccount: 'AMZ-US' });

const business: CustomerDraft = {
  key: 'AMZ-fedcba9876543210',
  kind: 'business',
  company: 'usmf',
  partyType: 'Organization',
  organizationName: 'Contoso Ltd',
  customerGroup: 'AMZ',
  currency: 'USD',
  email: 'buyer@contoso.example',
  taxExemptNumber: 'US-123456',
  addresses: [
    { role: 'Delivery', address: home },
    { role: 'Invoice', address: office },
  ],
};

const writes = (path: string) =>
  d365.harness
    .dataRequests()
    .filter((r) => r.method !== 'GET' && r.path.startsWith(`/data/${path}`))
    .map((r) => r.method);

async function customerOf(account: string) {
  return d365.client.get(customers, { dataAreaId: 'usmf', CustomerAccount: account });
}

async function addressesOf(account: string) {
  const rows = [];
  for await (const row of d365.client.iterate(customerPostalAddresses, {
    company: 'usmf',
    filter: (w) => w.eq('CustomerAccountNumber', account),
    orderBy: ['AddressLocationId'],
  }))
    rows.push(row);
  return rows;
}

async function customersWithKey(key: string) {
  return d365.client.count(customers, { company: 'usmf', filter: (w) => w.eq('NameAlias', key) });
}

describe('creating', () => {
  it('creates a person with its delivery address and links it', async () => {
    const result = await ensureCustomer(ctx(), buyer);
    expect(result).toMatchObject({ created: true, updated: false });
    expect(await customerOf(result.account)).toMatchObject({
      PartyType: 'Person',
      PersonFirstName: 'Jane',
      PersonLastName: 'Doe',
      CustomerGroupId: 'AMZ',
      SalesCurrencyCode: 'USD',
      NameAlias: buyer.key,
      PrimaryContactEmail: 'jane@marketplace.amazon.com',
      PrimaryContactPhone: '+1 206 555 0100',
    });
    const addresses = await addressesOf(result.account);
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({
      CustomerLegalEntityId: 'usmf',
      AddressStreet: '1 Main Street\nApt 4',
      AddressCity: 'Seattle',
      AddressState: 'WA',
      AddressZipCode: '98101',
      AddressCountryRegionId: 'USA',
      AddressLocationRoles: 'Delivery',
      IsRoleDelivery: 'Yes',
      IsRoleInvoice: 'No',
      IsPostalAddress: 'Yes',
      IsPrimary: 'Yes',
    });
    expect(await findLink(store.db, 'us', 'customer', `usmf/${buyer.key}`)).toMatchObject({
      d365Id: result.account,
      dataAreaId: 'usmf',
    });
  });

  it('creates an organisation with its delivery and invoice addresses', async () => {
    const result = await ensureCustomer(ctx(), business);
    expect(result.created).toBe(true);
    expect(await customerOf(result.account)).toMatchObject({
      PartyType: 'Organization',
      OrganizationName: 'Contoso Ltd',
      TaxExemptNumber: 'US-123456',
      NameAlias: business.key,
    });
    const addresses = await addressesOf(result.account);
    expect(addresses.map((a) => [a.AddressCity, a.AddressLocationRoles, a.IsPrimary])).toEqual([
      ['Seattle', 'Delivery', 'Yes'],
      ['Portland', 'Invoice', 'No'],
    ]);
    expect(addresses[1]).toMatchObject({ IsRoleInvoice: 'Yes', IsRoleDelivery: 'No' });
  });

  it('a second call with the same draft writes nothing (no request at all)', async () => {
    const first = await ensureCustomer(ctx(), buyer);
    d365.harness.resetCounts();
    expect(await ensureCustomer(ctx(), buyer)).toEqual({
      account: first.account,
      created: false,
      updated: false,
    });
    expect(d365.harness.dataRequests()).toEqual([]);
    expect(await customersWithKey(buyer.key)).toBe(1);
  });
});

describe('keeping in step', () => {
  it('a changed e-mail is PATCHed; the unchanged address is left alone', async () => {
    const { account } = await ensureCustomer(ctx(), buyer);
    d365.harness.resetCounts();
    const result = await ensureCustomer(ctx(), { ...buyer, email: 'jane.new@marketplace.amazon.com' });
    expect(result).toEqual({ account, created: false, updated: true });
    expect(writes('CustomersV3')).toEqual(['PATCH']);
    expect(writes('CustomerPostalAddresses')).toEqual([]);
    expect((await customerOf(account))?.PrimaryContactEmail).toBe('jane.new@marketplace.amazon.com');

    d365.harness.resetCounts();
    await ensureCustomer(ctx(), { ...buyer, email: 'jane.new@marketplace.amazon.com' });
    expect(d365.harness.dataRequests()).toEqual([]);
  });

  it('a new delivery address is added to the customer', async () => {
    const { account } = await ensureCustomer(ctx(), buyer);
    const moved = { ...buyer, addresses: [{ role: 'Delivery' as const, address: office }] };
    d365.harness.resetCounts();
    expect((await ensureCustomer(ctx(), moved)).updated).toBe(true);
    expect(writes('CustomersV3')).toEqual([]);
    expect(writes('CustomerPostalAddresses')).toEqual(['POST']);
    expect((await addressesOf(account)).map((a) => a.AddressCity)).toEqual(['Seattle', 'Portland']);
  });
});

describe('after a crash', () => {
  it('finds the customer an interrupted attempt created by its key and only adds its missing addresses', async () => {
    // The attempt recorded its intent, F&O created the customer and its delivery address, then the
    // process died: no link, the intent still pending, the invoice address missing.
    const key = `usmf/${business.key}`;
    await store.db.transaction((tx) =>
      recordIntent(tx, store.sealer, {
        connectionId: 'us',
        flow: 'import-orders',
        operation: CREATE_CUSTOMER_OPERATION,
        key,
        request: {},
      }),
    );
    const landed = await d365.client.create(customers, customerCreateRow(business));
    await d365.client.create(
      customerPostalAddresses,
      postalAddressRow(business, landed.CustomerAccount, { address: home, roles: ['Delivery'] }, true),
    );
    d365.harness.resetCounts();

    const result = await ensureCustomer(ctx(), business);
    expect(result).toMatchObject({ account: landed.CustomerAccount, created: true });
    expect(writes('CustomersV3')).toEqual([]);
    expect(writes('CustomerPostalAddresses')).toEqual(['POST']);
    expect(await customersWithKey(business.key)).toBe(1);
    expect((await addressesOf(landed.CustomerAccount)).map((a) => a.AddressLocationRoles)).toEqual([
      'Delivery',
      'Invoice',
    ]);
    expect(
      await findIntent(store.db, { connectionId: 'us', operation: CREATE_CUSTOMER_OPERATION, key }),
    ).toMatchObject({
      state: 'done',
    });
  });

  it('adopts a customer with its key when the store has no trace of it (restored backup)', async () => {
    const landed = await d365.client.create(customers, customerCreateRow(buyer));
    d365.harness.resetCounts();
    const result = await ensureCustomer(ctx(), buyer);
    expect(result).toMatchObject({ account: landed.CustomerAccount, created: false });
    expect(writes('CustomersV3')).toEqual([]);
    expect(writes('CustomerPostalAddresses')).toEqual(['POST']);
  });
});

describe('refusals', () => {
  it('an unknown customer group is a data error saying what to fix, with no personal data', async () => {
    const draft = { ...buyer, customerGroup: 'NOPE' };
    const error = await connectorErrorOf(ensureCustomer(ctx(), draft));
    expect(error.kind).toBe('data');
    expect(error.message).toContain("customer group 'NOPE'");
    expect(error.message).toContain('services.import-orders.customers.customerGroup');
    expect(error.message).toContain('Customer group');
    for (const personal of ['Jane', 'Doe', 'jane@', '555', 'Main Street', 'Seattle'])
      expect(error.message).not.toContain(personal);
    expect(await customersWithKey(buyer.key)).toBe(0);
    expect(await findLink(store.db, 'us', 'customer', `usmf/${buyer.key}`)).toBeUndefined();
    // Definitely not created: the next attempt must not wait for it to appear.
    expect(
      await findIntent(store.db, {
        connectionId: 'us',
        operation: CREATE_CUSTOMER_OPERATION,
        key: `usmf/${buyer.key}`,
      }),
    ).toMatchObject({ state: 'rejected' });
  });

  it('an address in a country the connector cannot translate fails before anything is written', async () => {
    d365.harness.resetCounts();
    const draft = {
      ...buyer,
      addresses: [{ role: 'Delivery' as const, address: { ...home, countryCode: 'XK' } }],
    };
    const error = await connectorErrorOf(ensureCustomer(ctx(), draft));
    expect(error.kind).toBe('data');
    expect(error.message).toContain("'XK'");
    expect(d365.harness.dataRequests()).toEqual([]);
  });
});
