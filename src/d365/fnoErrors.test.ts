import { describe, expect, it } from 'vitest';
import { fnoError, isPersonalLabel, maskPersonalData, parseFnoErrorBody } from './fnoErrors.ts';

const WRITE = 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException';
const body = (message: string, type = WRITE) =>
  JSON.stringify({
    error: { code: '', message: 'An error has occurred.', innererror: { message, type, stacktrace: 'at …' } },
  });

describe('F&O error bodies', () => {
  it('takes the Infolog from innererror, not the generic outer message', () => {
    expect(
      parseFnoErrorBody(
        body("Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Warning: x."),
      ),
    ).toEqual({
      message: "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Warning: x.",
      type: WRITE,
    });
  });

  it('digs into internalexception when innererror has no message', () => {
    const text = JSON.stringify({
      error: {
        message: 'An error has occurred.',
        innererror: { internalexception: { message: 'Deep  reason\r\n here', type: 'T' } },
      },
    });
    expect(parseFnoErrorBody(text)).toEqual({ message: 'Deep reason here', type: 'T' });
  });

  it('falls back to the outer message, and to nothing for HTML', () => {
    expect(parseFnoErrorBody('{"error":{"code":"","message":"Entity set not found."}}')).toEqual({
      message: 'Entity set not found.',
    });
    expect(parseFnoErrorBody('<html>502</html>')).toBeUndefined();
  });

  const cases: Array<[string, number, string | undefined, string, RegExp]> = [
    ['401', 401, undefined, 'auth', /Microsoft Entra applications/],
    ['403', 403, undefined, 'auth', /security roles/],
    [
      'validation as 400',
      400,
      body(
        "The value 'Local' in field 'Customer group' is not found in the related table 'Customer groups'.",
      ),
      'data',
      /Customer group/,
    ],
    [
      'validation as 500',
      500,
      body('Write failed for table row. Infolog: Error: Update has been canceled.'),
      'data',
      /Update has been canceled/,
    ],
    [
      'duplicate key',
      500,
      body('Cannot create a record in Customer groups (CustGroup). The record already exists.', 'X'),
      'data',
      /already exists/,
    ],
    [
      '404',
      404,
      '{"error":{"code":"","message":"Entity set not found."}}',
      'remote',
      /not found.*Entity set not found/,
    ],
    ['412', 412, undefined, 'remote', /changed in D365 since it was read/],
    [
      'bad query',
      400,
      body('The query specified in the URI is not valid.', 'Microsoft.OData.ODataException'),
      'remote',
      /not valid/,
    ],
    [
      'throttled',
      429,
      body(
        'This request could not be processed at this time due to system experiencing high resource utilization.',
        'X',
      ),
      'transient',
      /high resource utilization/,
    ],
    ['gateway', 502, '<html>Bad gateway</html>', 'transient', /server error/],
  ];
  it.each(cases)('maps %s', (_, status, text, kind, message) => {
    const error = fnoError({
      status,
      body: text ? parseFnoErrorBody(text) : undefined,
      method: 'POST',
      entitySet: 'CustomersV3',
    });
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^D365 POST CustomersV3 failed/);
    expect(error.context).toMatchObject({ status, entitySet: 'CustomersV3' });
  });

  it('marks a stale ETag for the caller', () => {
    expect(fnoError({ status: 412, method: 'PATCH', entitySet: 'X' }).context.preconditionFailed).toBe(true);
  });
});

describe('personal data in F&O messages', () => {
  // [what, F&O's text, what the message says instead]
  const cases: Array<[string, string, string]> = [
    [
      'an e-mail address anywhere',
      'Infolog: Error: Contact jane.doe@contoso.com already exists for party 000123.',
      'Infolog: Error: Contact [e-mail] already exists for party 000123.',
    ],
    [
      'a value in a name field',
      "The value 'Jane Doe' in field 'Name' is not valid.",
      "The value '***' in field 'Name' is not valid.",
    ],
    [
      'a value in an e-mail field',
      "The value 'jane(at)contoso' in field 'E-mail' is not valid.",
      "The value '***' in field 'E-mail' is not valid.",
    ],
    [
      'a value in a city field',
      "The value 'Redmond' is not valid for the field 'City'.",
      "The value '***' is not valid for the field 'City'.",
    ],
    ['a value after a name label', "Name 'Jane Doe' is already used.", "Name '***' is already used."],
    [
      'a value after a technical field name',
      "DeliveryAddressName 'Jane Doe' is too long.",
      "DeliveryAddressName '***' is too long.",
    ],
    [
      'an address after a colon',
      "Delivery address: '1 Main Street, Redmond' cannot be validated.",
      "Delivery address: '***' cannot be validated.",
    ],
    ['a phone number after =', "Phone = '+1 425 555 0100'", "Phone = '***'"],
    ['a quoted label and value', "'Street' = '1 Main Street'", "'Street' = '***'"],
    [
      'a value given to a quoted field',
      "Field 'Name' has the value 'Jane Doe'.",
      "Field 'Name' has the value '***'.",
    ],
    [
      'a double-quoted ZIP code',
      'ZIP/postal code "98052" is not valid.',
      'ZIP/postal code "***" is not valid.',
    ],
    [
      'an unquoted phone number in a duplicate key',
      'Cannot create a record in Contact information (LogisticsElectronicAddress). Contact number/address: +1 425 555 0100. The record already exists.',
      'Cannot create a record in Contact information (LogisticsElectronicAddress). Contact number/address: ***. The record already exists.',
    ],
    [
      'an unquoted name behind other labels',
      'Infolog: Warning: Delivery name: Jane Doe; Error: Update has been canceled.',
      'Infolog: Warning: Delivery name: ***; Error: Update has been canceled.',
    ],
    // Kept: codes, ids, item numbers, field and table names — what a person needs to act.
    ...(
      [
        "The value 'AMZ' in field 'Customer group' is not found in the related table 'Customer groups'.",
        "The value 'ZZ-404' in field 'Item number' is not found in the related table 'Released products'.",
        "Field 'Customer account' must be filled in. Field 'Name' must be filled in.",
        'Cannot create a record in Customers (CustTable). Customer account: US-001, usmf. The record already exists.',
        "Write failed for table row of type 'SalesOrderLineV3Entity'. Infolog: Warning: Inventory dimension Site is mandatory and must consequently be specified.; Error: Update has been canceled.",
        "Field name 'CustAccount' is not valid for table name 'CustTable'.",
        "Item name 'Blue shirt' is not unique.",
        "The value '000001234' in field 'Address location ID' is not found.",
      ] as const
    ).map((text): [string, string, string] => [`kept: ${text}`, text, text]),
  ];
  it.each(cases)('masks %s', (_, text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    ['Name', true],
    ['Delivery name', true],
    ['PrimaryContactEmail', true],
    ['AddressStreet', true],
    ['Contact number/address', true],
    ['Postal code', true],
    ['Customer account', false],
    ['Address location ID', false],
    ['Field name', false],
    ['Customer group name', false],
    ['Item number', false],
  ])('reads the label %s as personal: %s', (label, personal) => {
    expect(isPersonalLabel(label)).toBe(personal);
  });

  it('puts only the masked text in the error, and F&O’s text nowhere else', () => {
    const infolog =
      "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Error: The value 'jane@contoso.com' in field 'E-mail' is not valid; Name 'Jane Doe' is too long.";
    const error = fnoError({
      status: 400,
      body: parseFnoErrorBody(body(infolog)),
      method: 'POST',
      entitySet: 'CustomersV3',
    });
    expect(error.kind).toBe('data');
    expect(error.message).toContain(
      "The value '***' in field 'E-mail' is not valid; Name '***' is too long.",
    );
    const everything = JSON.stringify({
      message: error.message,
      context: error.context,
      cause: String(error.cause),
    });
    for (const value of ['jane@contoso.com', 'Jane Doe', 'contoso']) expect(everything).not.toContain(value);
  });

  it('masks before cutting a long message, so no value is left half masked', () => {
    const long = `${'x'.repeat(990)} Name 'Jane Doe' is too long.`;
    const error = fnoError({
      status: 400,
      body: { message: long },
      method: 'POST',
      entitySet: 'CustomersV3',
    });
    expect(error.message).not.toMatch(/'J/); // cut first, "Name 'Jan" would be left unmasked
  });
});
