import { describe, expect, it } from 'vitest';
import { fnoError, parseFnoErrorBody } from './fnoErrors.ts';

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
