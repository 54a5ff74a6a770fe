import { describe, expect, it } from 'vitest';
import { parseBatch } from './batchParser.ts';

const crlf = (lines: string[]) => lines.join('\r\n');

describe('$batch parser', () => {
  it('reads single requests and change sets, with Content-IDs, absolute and relative URLs', () => {
    const body = crlf([
      '--batch_abc',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET https://demo.operations.dynamics.com/data/CustomerGroups?$top=1 HTTP/1.1',
      'Accept: application/json',
      '',
      '',
      '--batch_abc',
      'Content-Type: multipart/mixed; boundary=changeset_xyz',
      '',
      '--changeset_xyz',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /data/CustomerGroups HTTP/1.1',
      'Content-Type: application/json;odata.metadata=minimal',
      'OData-Version: 4.0',
      '',
      '{"CustomerGroupId":"50","dataAreaId":"usmf"}',
      '--changeset_xyz',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "PATCH CustomerGroups(dataAreaId='usmf',CustomerGroupId='10') HTTP/1.1",
      'Content-ID: 2',
      'Content-Type: application/json',
      '',
      '{"Description":"x"}',
      '--changeset_xyz--',
      '--batch_abc--',
      '',
    ]);
    const items = parseBatch(body, 'multipart/mixed; boundary=batch_abc');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      kind: 'operation',
      operation: {
        method: 'GET',
        url: 'https://demo.operations.dynamics.com/data/CustomerGroups?$top=1',
        body: '',
      },
    });
    const changeset = items[1]!;
    if (changeset.kind !== 'changeset') throw new Error('expected a change set');
    expect(changeset.operations.map((o) => [o.method, o.url, o.contentId, o.body])).toEqual([
      ['POST', '/data/CustomerGroups', '1', '{"CustomerGroupId":"50","dataAreaId":"usmf"}'],
      ['PATCH', "CustomerGroups(dataAreaId='usmf',CustomerGroupId='10')", '2', '{"Description":"x"}'],
    ]);
    expect(changeset.operations[0]!.headers.get('OData-Version')).toBe('4.0');
  });

  it('accepts LF line endings and a quoted boundary', () => {
    const body = [
      '--b',
      'Content-Type: application/http',
      '',
      'GET CustomerGroups HTTP/1.1',
      '',
      '--b--',
    ].join('\n');
    expect(parseBatch(body, 'multipart/mixed; boundary="b"')).toHaveLength(1);
  });

  it.each([
    ['application/json', '--b\r\n--b--', 'multipart/mixed with a boundary'],
    [
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: application/http\r\n\r\nGET x HTTP/1.1\r\n',
      "closing delimiter '--b--' is missing",
    ],
    [
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--',
      'Content-Type: application/http',
    ],
    [
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: application/http\r\n\r\nnot a request line\r\n--b--',
      'is not an HTTP request line',
    ],
  ])('refuses an invalid batch (%s)', (contentType, body, message) => {
    expect(() => parseBatch(body, contentType)).toThrow(message);
  });
});
