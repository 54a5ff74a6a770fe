/**
 * GET_MERCHANT_LISTINGS_ALL_DATA read from a document answer as Amazon serves it: Cp1252 bytes (an "é"
 * is one byte 0xE9, which UTF-8 decoding would ruin), optionally gzipped, in chunks that split rows and
 * characters anywhere; columns found by name; empty FBA quantities; broken rows reported, not thrown.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { declaredCharset, documentText, textLines } from '../documentStream.ts';
import { merchantListings, type MerchantListingRow } from './merchantListings.ts';

const HEADER = [
  'item-name',
  'item-description',
  'listing-id',
  'seller-sku',
  'price',
  'quantity',
  'open-date',
  'image-url',
  'item-is-marketplace',
  'product-id-type',
  'zshop-shipping-fee',
  'item-note',
  'item-condition',
  'zshop-category1',
  'zshop-browse-path',
  'zshop-storefront-feature',
  'asin1',
  'asin2',
  'asin3',
  'will-ship-internationally',
  'expedited-shipping',
  'zshop-boldface',
  'product-id',
  'bid-for-featured-placement',
  'add-delete',
  'pending-quantity',
  'fulfillment-channel',
  'merchant-shipping-group',
  'status',
];

function row(values: Record<string, string>): string {
  return HEADER.map((h) => values[h] ?? '').join('\t');
}

/** windows-1252 bytes of Latin-1 text (what Amazon sends; Buffer's 'latin1' is the same for these). */
const cp1252 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** A response whose body arrives in chunks of `size` bytes. */
function answer(bytes: Uint8Array, size: number, contentType = 'text/plain; charset=Cp1252'): Response {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += size)));
    },
  });
  return new Response(body, { headers: { 'content-type': contentType } });
}

const REPORT =
  [
    HEADER.join('\t'),
    row({
      'item-name': 'Crème brûlée set',
      'listing-id': '0101ABCDEF',
      'seller-sku': 'CB-1',
      price: '19.99',
      quantity: '7',
      asin1: 'B000000001',
      'fulfillment-channel': 'DEFAULT',
      status: 'Active',
      'item-condition': '11',
    }),
    row({
      'item-name': 'FBA item',
      'seller-sku': 'FBA-1',
      price: '5.00',
      asin1: 'B000000002',
      'fulfillment-channel': 'AMAZON_EU',
      status: 'Active',
    }),
    row({ 'item-name': 'no sku', price: '1.00' }),
    row({ 'seller-sku': 'BAD-Q', quantity: 'many' }),
    row({ 'seller-sku': 'INACTIVE-1', quantity: '0', 'fulfillment-channel': 'DEFAULT', status: 'Inactive' }),
  ].join('\r\n') + '\r\n';

async function rows(res: Response, compressionAlgorithm?: string): Promise<MerchantListingRow[]> {
  const out: MerchantListingRow[] = [];
  for await (const r of merchantListings(res, { compressionAlgorithm })) out.push(r);
  return out;
}

describe('the merchant listings report', () => {
  it.each([1, 7, 4096])('decodes Cp1252 and reads every listing, in chunks of %i bytes', async (size) => {
    const result = await rows(answer(cp1252(REPORT), size));
    expect(result).toEqual([
      {
        ok: true,
        line: 2,
        listing: {
          sku: 'CB-1',
          asin: 'B000000001',
          price: '19.99',
          quantity: 7,
          fulfillmentChannel: 'DEFAULT',
          status: 'Active',
          itemName: 'Crème brûlée set',
          listingId: '0101ABCDEF',
          itemCondition: '11',
        },
      },
      {
        ok: true,
        line: 3,
        listing: {
          sku: 'FBA-1',
          asin: 'B000000002',
          price: '5.00',
          fulfillmentChannel: 'AMAZON_EU',
          status: 'Active',
          itemName: 'FBA item',
        },
      },
      { ok: false, line: 4, reason: 'the row has no seller-sku' },
      { ok: false, line: 5, reason: 'quantity "many" is not a count' },
      {
        ok: true,
        line: 6,
        listing: { sku: 'INACTIVE-1', quantity: 0, fulfillmentChannel: 'DEFAULT', status: 'Inactive' },
      },
    ]);
  });

  it('gunzips a document Amazon compressed', async () => {
    const result = await rows(answer(new Uint8Array(gzipSync(cp1252(REPORT))), 100), 'GZIP');
    expect(result.filter((r) => r.ok)).toHaveLength(3);
    expect(result[0]).toMatchObject({ listing: { itemName: 'Crème brûlée set' } });
  });

  it('finds columns by name, whatever their order', async () => {
    const text = 'status\tseller-sku\tquantity\tasin1\nActive\tX-1\t3\tB0X\n';
    expect(await rows(answer(cp1252(text), 5))).toEqual([
      { ok: true, line: 2, listing: { sku: 'X-1', quantity: 3, asin: 'B0X', status: 'Active' } },
    ]);
  });

  it('a document that is not this report says so and yields nothing else', async () => {
    expect(await rows(answer(cp1252('order-id\tsku\n1\t2\n'), 64))).toEqual([
      { ok: false, line: 1, reason: expect.stringMatching(/not a merchant listings report/) },
    ]);
  });
});

describe('document streams', () => {
  it('reads the declared charset, UTF-8 when none is declared', () => {
    expect(declaredCharset('text/plain; charset=Cp1252')).toBe('Cp1252');
    expect(declaredCharset('text/xml;charset="UTF-8"')).toBe('UTF-8');
    expect(declaredCharset('application/json')).toBe('utf-8');
  });

  it('splits lines across chunks, CR LF or LF, the last one without an end', async () => {
    const lines: string[] = [];
    for await (const line of textLines(answer(cp1252('a\r\nbb\n\nccc'), 2))) lines.push(line);
    expect(lines).toEqual(['a', 'bb', '', 'ccc']);
  });

  it('Cp1252 bytes 0x80–0x9F are windows-1252’s characters, not latin1’s control codes', async () => {
    // “Euro” – 5 €™ in windows-1252: 0x93 Euro 0x94 0x20 0x96 0x20 5 0x20 0x80 0x99
    const bytes = new Uint8Array([
      0x93,
      ...Buffer.from('Euro'),
      0x94,
      0x20,
      0x96,
      0x20,
      0x35,
      0x20,
      0x80,
      0x99,
    ]);
    expect(await documentText(answer(bytes, 3))).toBe('\u201cEuro\u201d \u2013 5 \u20ac\u2122');
  });

  it('UTF-8 characters split across chunks come out whole', async () => {
    const bytes = new TextEncoder().encode('{"m":"Grüße €"}');
    expect(await documentText(answer(bytes, 1, 'application/json'))).toBe('{"m":"Grüße €"}');
  });

  it('an unknown charset or compression is refused', async () => {
    await expect(documentText(answer(cp1252('x'), 1, 'text/plain; charset=EBCDIC-XYZ'))).rejects.toThrow(
      /charset/,
    );
    await expect(documentText(answer(cp1252('x'), 1), { compressionAlgorithm: 'ZSTD' })).rejects.toThrow(
      /compression/,
    );
  });
});
