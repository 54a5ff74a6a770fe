/**
 * Reads what the connector wrote into the D365 emulator, straight from its OData endpoint with the
 * demo credentials (as a person checking F&O would): every sales order header and line and the
 * customers the connector created (search name `AMZ-…`), across companies. It also enters a tracking
 * number on a posted packing slip, as a warehouse worker does after posting (the shipment tests).
 */
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';

export interface HeaderRow {
  dataAreaId: string;
  SalesOrderNumber: string;
  CustomersOrderReference: string;
  OrderingCustomerAccountNumber: string;
}

export interface LineRow {
  dataAreaId: string;
  SalesOrderNumber: string;
  OrderLineReference: string;
  ItemNumber: string;
  OrderedSalesQuantity: number;
  /** The line's identity, named by packing slip lines (`InventTransId`). */
  InventoryLotId: string;
  /** Where it ships from, and the variant's dimensions: what a product receipt must stock. */
  ShippingWarehouseId: string;
  ProductColorId: string;
  ProductSizeId: string;
  ProductStyleId: string;
  ProductConfigurationId: string;
}

export interface CustomerRow {
  dataAreaId: string;
  CustomerAccount: string;
  NameAlias: string;
}

export interface D365Reader {
  headers(): Promise<HeaderRow[]>;
  lines(): Promise<LineRow[]>;
  /** Customers whose search name starts with `AMZ-` (the connector's customer keys, and AMZ-US/CA's). */
  amazonCustomers(): Promise<CustomerRow[]>;
  /** Adds a tracking number to a posted packing slip (`PackingSlipTrackingInformation`). */
  addTracking(
    company: string,
    salesOrderNumber: string,
    packingSlipId: string,
    trackingNumber: string,
  ): Promise<void>;
}

export function d365Reader(url: string): D365Reader {
  const { d365 } = demoCatalogue();
  let token: string | undefined;
  const accessToken = async () => {
    if (token) return token;
    const response = await fetch(`${url}/${d365.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: d365.clientId,
        client_secret: d365.clientSecret,
        scope: `${url}/.default`,
      }),
    });
    if (!response.ok) throw new Error(`the D365 emulator refused a token: ${response.status}`);
    token = ((await response.json()) as { access_token: string }).access_token;
    return token;
  };
  async function all<T>(set: string, query: Record<string, string>): Promise<T[]> {
    const params = new URLSearchParams({ 'cross-company': 'true', ...query });
    let next: string | undefined = `${url}/data/${set}?${params}`;
    const rows: T[] = [];
    while (next) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${await accessToken()}` } });
      if (!response.ok) throw new Error(`GET ${set} from the D365 emulator: ${response.status}`);
      const body = (await response.json()) as { value: T[]; '@odata.nextLink'?: string };
      rows.push(...body.value);
      next = body['@odata.nextLink'];
    }
    return rows;
  }
  return {
    headers: () =>
      all<HeaderRow>('SalesOrderHeadersV2', {
        $select: 'dataAreaId,SalesOrderNumber,CustomersOrderReference,OrderingCustomerAccountNumber',
      }),
    lines: () =>
      all<LineRow>('SalesOrderLines', {
        $select:
          'dataAreaId,SalesOrderNumber,OrderLineReference,ItemNumber,OrderedSalesQuantity,InventoryLotId,' +
          'ShippingWarehouseId,ProductColorId,ProductSizeId,ProductStyleId,ProductConfigurationId',
      }),
    amazonCustomers: () =>
      all<CustomerRow>('CustomersV3', {
        $filter: "NameAlias eq 'AMZ-*'",
        $select: 'dataAreaId,CustomerAccount,NameAlias',
      }),
    async addTracking(company, salesOrderNumber, packingSlipId, trackingNumber) {
      const response = await fetch(`${url}/data/PackingSlipTrackingInformation`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          dataAreaId: company,
          SalesOrderNumber: salesOrderNumber,
          PackingSlipNumber: packingSlipId,
          TrackingNumber: trackingNumber,
        }),
      });
      if (!response.ok)
        throw new Error(
          `the D365 emulator refused a tracking number: ${response.status} ${await response.text()}`,
        );
    },
  };
}

export interface D365State {
  headers: HeaderRow[];
  lines: LineRow[];
  customers: CustomerRow[];
}

export async function readD365State(d365: D365Reader): Promise<D365State> {
  const [headers, lines, customers] = await Promise.all([
    d365.headers(),
    d365.lines(),
    d365.amazonCustomers(),
  ]);
  return { headers, lines, customers };
}
