// Master-data writes the client allows, through the client against the emulator's F&O rules: creates F&O
// completes (account numbers, defaults from the customer group), its refusals as `data` ConnectorErrors
// carrying the Infolog text, PATCH with the ETag the record was read with (a stale one → 412 → `remote`),
// deletes — customers and their addresses, released products, barcodes, external item numbers.
import { describe, expect, it } from 'vitest';
import {
  customerPostalAddressesApi,
  customerProductDescriptionsApi,
  customersApi,
  productBarcodesApi,
  releasedProductCreationsApi,
  releasedProductsApi,
} from '../../../src/d365/index.ts';
import { COMPANY, connectorErrorOf, useHarness } from './kit.ts';

const d365 = useHarness('each');

describe('customers and addresses', () => {
  it('creates a customer: F&O allocates the account and fills the group’s defaults', async () => {
    const created = await customersApi.create(d365.client, {
      CustomerGroupId: 'AMZ',
      PartyType: 'Person',
      PersonFirstName: 'Jane',
      PersonLastName: 'Doe',
      SalesCurrencyCode: 'USD',
      PrimaryContactEmail: 'jane@example.com',
    });
    expect(created.CustomerAccount).not.toBe('');
    expect(created).toMatchObject({
      dataAreaId: COMPANY,
      PaymentTerms: 'Net10',
      NameAlias: 'Jane Doe',
      OnHoldStatus: 'No',
    });
    const read = await customersApi.get(d365.client, { CustomerAccount: created.CustomerAccount });
    expect(read).toMatchObject({ PersonLastName: 'Doe', PrimaryContactEmail: 'jane@example.com' });

    await customersApi.update(
      d365.client,
      { CustomerAccount: created.CustomerAccount },
      { PrimaryContactPhone: '+1 206 555 0100' },
      { etag: read!['@odata.etag'] },
    );
    expect(await customersApi.get(d365.client, { CustomerAccount: created.CustomerAccount })).toMatchObject({
      PrimaryContactPhone: '+1 206 555 0100',
    });
  });

  it('creates in the legal entity the data (or the call) names, and reads it back there', async () => {
    d365.harness.emulator.store.insert('CustomerGroups', {
      dataAreaId: 'demf',
      CustomerGroupId: 'AMZ',
      Description: 'DE',
    });
    const german = { CustomerGroupId: 'AMZ', PartyType: 'Organization', SalesCurrencyCode: 'EUR' };
    const byData = await customersApi.create(d365.client, {
      ...german,
      dataAreaId: 'demf',
      OrganizationName: 'Amazon.de',
    });
    const byCall = await customersApi.create(
      d365.client,
      { ...german, OrganizationName: 'Amazon.fr' },
      { company: 'demf' },
    );
    expect([byData.dataAreaId, byCall.dataAreaId]).toEqual(['demf', 'demf']);
    const there = await customersApi.list(d365.client, { company: 'demf', select: ['OrganizationName'] });
    expect(there.rows.map((c) => c.OrganizationName).sort()).toEqual(['Amazon.de', 'Amazon.fr']);
    expect(
      await customersApi.get(d365.client, { dataAreaId: 'demf', CustomerAccount: byData.CustomerAccount }),
    ).toMatchObject({
      OrganizationName: 'Amazon.de',
    });
    // The default company (usmf) gained nothing.
    expect(await customersApi.count(d365.client)).toBe(2);
  });

  it('surfaces F&O’s mandatory-field refusal as a data error with its Infolog', async () => {
    const error = await connectorErrorOf(
      customersApi.create(d365.client, { PartyType: 'Organization', OrganizationName: 'No group Inc.' }),
    );
    expect(error.kind).toBe('data');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Write failed for table row of type 'CustCustomerV3Entity'");
    expect(error.message).toContain("Field 'Customer group' must be filled in.");
    expect(error.message).toContain("Field 'Currency' must be filled in.");
    expect(error.context).toMatchObject({ status: 400, entitySet: 'CustomersV3', method: 'POST' });
    // A validation failure is not retried.
    expect(d365.harness.dataRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
    const unknownGroup = await connectorErrorOf(
      customersApi.create(d365.client, {
        CustomerGroupId: 'Local',
        PartyType: 'Organization',
        OrganizationName: 'X',
        SalesCurrencyCode: 'USD',
      }),
    );
    expect(unknownGroup.kind).toBe('data');
    expect(unknownGroup.message).toContain(
      "The value 'Local' in field 'Customer group' is not found in the related table",
    );
  });

  it('is still a data error (not an ambiguous 500) when F&O answers write failures with 500', async () => {
    await d365.restart({ writeErrorStatus: 500 });
    const error = await connectorErrorOf(customersApi.create(d365.client, { PartyType: 'Person' }));
    expect(error.kind).toBe('data');
    expect(error.context.status).toBe(500);
    expect(error.context.outcomeUnknown).toBeUndefined();
    expect(d365.harness.dataRequests()).toHaveLength(1);
  });

  it('creates, updates (keyed by its Effective instant) and removes a postal address', async () => {
    const address = await customerPostalAddressesApi.create(d365.client, {
      CustomerAccountNumber: 'AMZ-US',
      AddressDescription: 'Returns desk',
      AddressStreet: '410 Terry Ave N',
      AddressCity: 'Seattle',
      AddressState: 'WA',
      AddressZipCode: '98109',
      AddressCountryRegionId: 'USA',
      IsRoleDelivery: 'Yes',
    });
    expect(address).toMatchObject({
      CustomerLegalEntityId: COMPANY,
      IsPrimary: 'Yes',
      AddressCountryRegionISOCode: 'US',
    });
    expect(address.AddressLocationId).not.toBe('');
    expect(address.Effective).toMatch(/^\d{4}-\d\d-\d\dT/);
    const key = {
      CustomerAccountNumber: address.CustomerAccountNumber,
      CustomerLegalEntityId: address.CustomerLegalEntityId,
      AddressLocationId: address.AddressLocationId,
      Effective: address.Effective,
    };
    await customerPostalAddressesApi.update(d365.client, key, { AddressZipCode: '98109-5210' });
    expect(await customerPostalAddressesApi.get(d365.client, key)).toMatchObject({
      AddressZipCode: '98109-5210',
    });
    // The primary address shows on the customer too.
    const customer = await customersApi.get(d365.client, { CustomerAccount: 'AMZ-US' });
    expect(customer).toMatchObject({ AddressCity: 'Seattle', AddressZipCode: '98109-5210' });
    await customerPostalAddressesApi.remove(d365.client, key);
    expect(await customerPostalAddressesApi.get(d365.client, key)).toBeUndefined();
  });
});

describe('products', () => {
  it('updates a released product’s price and weight with the ETag it was read with', async () => {
    const before = await releasedProductsApi.get(d365.client, { ItemNumber: 'A0002' });
    await releasedProductsApi.update(
      d365.client,
      { ItemNumber: 'A0002' },
      { SalesPrice: 84.5, NetProductWeight: 0.9 },
      { etag: before!['@odata.etag'] },
    );
    const patch = d365.harness.dataRequests().find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe(`/data/ReleasedProductsV2(dataAreaId='${COMPANY}',ItemNumber='A0002')`);
    const after = await releasedProductsApi.get(d365.client, { ItemNumber: 'A0002' });
    expect(after).toMatchObject({ SalesPrice: 84.5, NetProductWeight: 0.9 });
    expect(after!['@odata.etag']).not.toBe(before!['@odata.etag']);

    // Someone changed the record since `before` was read: F&O refuses with 412, and it is not retried.
    d365.harness.resetCounts();
    const stale = await connectorErrorOf(
      releasedProductsApi.update(
        d365.client,
        { ItemNumber: 'A0002' },
        { SalesPrice: 1 },
        { etag: before!['@odata.etag'] },
      ),
    );
    expect(stale.kind).toBe('remote');
    expect(stale.context).toMatchObject({ status: 412, preconditionFailed: true });
    expect(stale.message).toContain('The values displayed in the form are not current');
    expect(d365.harness.dataRequests()).toHaveLength(1);
    expect(await releasedProductsApi.get(d365.client, { ItemNumber: 'A0002' })).toMatchObject({
      SalesPrice: 84.5,
    });
  });

  it('creates and releases a product in one call', async () => {
    const created = await releasedProductCreationsApi.create(d365.client, {
      ItemNumber: 'A0100',
      ProductNumber: 'A0100',
      ProductName: 'Demo Phone Case',
      ProductSearchName: 'PHONECASE',
      ProductType: 'Item',
      ProductSubType: 'Product',
      InventoryUnitSymbol: 'ea',
      SalesUnitSymbol: 'ea',
      PurchaseUnitSymbol: 'ea',
    });
    expect(created).toMatchObject({ ItemNumber: 'A0100', ProductName: 'Demo Phone Case' });
    expect(await releasedProductsApi.get(d365.client, { ItemNumber: 'A0100' })).toMatchObject({
      ProductNumber: 'A0100',
      ProductSubType: 'Product',
    });
  });

  it('adds and removes a barcode, and keeps an external item number', async () => {
    const barcodeKey = {
      ItemNumber: 'A0004',
      ProductConfigurationId: '',
      ProductColorId: '',
      ProductSizeId: '',
      ProductStyleId: '',
      ProductVersionId: '',
      ProductQuantityUnitSymbol: 'ea',
      BarcodeSetupId: 'EAN13',
      Barcode: '4006380000995',
    };
    await productBarcodesApi.create(d365.client, { ...barcodeKey, ProductQuantity: 1 });
    expect(await productBarcodesApi.get(d365.client, barcodeKey)).toMatchObject({ ProductQuantity: 1 });
    await productBarcodesApi.remove(d365.client, barcodeKey);
    expect(await productBarcodesApi.get(d365.client, barcodeKey)).toBeUndefined();

    const descriptionKey = {
      ItemNumber: 'A0004',
      ProductColorId: '',
      ProductConfigurationId: '',
      ProductSizeId: '',
      ProductStyleId: '',
      ProductVersionId: '',
      CustomerAccountNumber: 'AMZ-US',
      ProductDescriptionCustomerGroupId: '',
    };
    const current = await customerProductDescriptionsApi.get(d365.client, descriptionKey);
    expect(current).toMatchObject({ CustomerProductNumber: 'DEMO-STAND' });
    await customerProductDescriptionsApi.update(
      d365.client,
      descriptionKey,
      { CustomerProductNumber: 'DEMO-STAND-V2' },
      { etag: current!['@odata.etag'] },
    );
    expect(await customerProductDescriptionsApi.get(d365.client, descriptionKey)).toMatchObject({
      CustomerProductNumber: 'DEMO-STAND-V2',
    });
    await customerProductDescriptionsApi.remove(d365.client, descriptionKey);
    expect(await customerProductDescriptionsApi.get(d365.client, descriptionKey)).toBeUndefined();
  });
});
