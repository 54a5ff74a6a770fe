// Amazon's carrier codes: the list as data (no duplicates, the reference's examples, exact matching), the
// suggestions for a near miss, and the Amazon emulator's copy pinned to the same bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AMAZON_CARRIER_CODES,
  closestCarrierCodes,
  isAmazonCarrierCode,
  unknownCarrierCodeMessage,
} from './carrierCodes.ts';

const file = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The examples of reference/amazon-outbound.md §6, as Amazon spells them. */
// prettier-ignore
const REFERENCE_EXAMPLES = [
  'USPS', 'UPS', 'UPSMI', 'FedEx', 'DHL', 'DHL eCommerce', 'DHL Express', 'DHL Home Delivery', 'DHL-Paket',
  'Deutsche Post', 'Hermes', 'Hermes UK', 'Hermes Einrichtungsservice', 'Royal Mail', 'Parcelforce', 'DPD',
  'DPD Local', 'GLS', 'GO!', 'UPS Mail Innovations', 'FedEx SmartPost', 'OnTrac', 'Lasership', 'Canada Post',
  'Australia Post', 'La Poste', 'Colissimo', 'Chronopost', 'Correos', 'Seur', 'BRT', 'Poste Italiane', 'SDA',
  'PostNL', 'Post NL', 'InPost', 'Yodel', 'Amazon Shipping', 'Other', 'Otro', 'Andere', 'Sonstige',
];

describe("Amazon's carrier codes", () => {
  it('lists every code of the schema once, in its order', () => {
    const schema = JSON.parse(file('./carrierCodes.json')) as string[];
    expect(schema).toHaveLength(419);
    expect(new Set(AMAZON_CARRIER_CODES).size).toBe(AMAZON_CARRIER_CODES.length);
    expect(AMAZON_CARRIER_CODES).toEqual([...new Set(schema)]);
    expect(AMAZON_CARRIER_CODES).toHaveLength(378);
    expect(AMAZON_CARRIER_CODES.slice(0, 4)).toEqual(['UPS', 'UPSMI', 'FedEx', 'DHL']);
    expect(AMAZON_CARRIER_CODES.at(-1)).toBe('APC POSTAL LOGISTICS');
    for (const code of AMAZON_CARRIER_CODES) expect(code, code).toBe(code.trim());
    expect(Object.isFrozen(AMAZON_CARRIER_CODES)).toBe(true);
  });

  it("contains the reference's examples and no double-encoded text", () => {
    for (const code of REFERENCE_EXAMPLES) expect(isAmazonCarrierCode(code), code).toBe(true);
    expect(AMAZON_CARRIER_CODES.filter((c) => /Ã|Â|\uFFFD/.test(c))).toEqual([]);
    expect(isAmazonCarrierCode('Transaragonés')).toBe(true);
  });

  it('matches exactly: case, spaces and punctuation count', () => {
    for (const code of ['Fedex', 'FEDEX', 'fedex', 'UPS ', ' UPS', 'Post  NL', 'DHL Paket', 'Royal mail', ''])
      expect(isAmazonCarrierCode(code), JSON.stringify(code)).toBe(false);
  });

  it('suggests the code meant by a near miss', () => {
    expect(closestCarrierCodes('Fedex')).toEqual(['FedEx']);
    expect(closestCarrierCodes(' ups ')).toEqual(['UPS']);
    expect(closestCarrierCodes('post nl')).toEqual(['Post NL', 'PostNL']);
    expect(closestCarrierCodes('DHL Paket')).toEqual(['DHL-Paket']);
    expect(closestCarrierCodes('colis privé')).toEqual(['COLIS PRIVE', 'Colis Prive']);
    expect(closestCarrierCodes('FedEx Ground')).toEqual(['FedEx']);
    expect(closestCarrierCodes('Fedx')).toEqual(['FedEx']);
    expect(closestCarrierCodes('Hermes U')).toEqual(['Hermes', 'Hermes UK']);
    expect(closestCarrierCodes('DHL E', 2)).toEqual(['DHL', 'DHL Express']);
    expect(closestCarrierCodes('ACME Freight')).toEqual([]);
    expect(closestCarrierCodes('  ')).toEqual([]);
  });

  it('says what to send instead', () => {
    expect(unknownCarrierCodeMessage('Fedex')).toBe(
      "'Fedex' is not one of Amazon's carrier codes; did you mean 'FedEx'?",
    );
    expect(unknownCarrierCodeMessage('post nl')).toBe(
      "'post nl' is not one of Amazon's carrier codes; did you mean 'Post NL' or 'PostNL'?",
    );
    expect(unknownCarrierCodeMessage('ACME Freight')).toBe(
      "'ACME Freight' is not one of Amazon's carrier codes; send 'Other' with the carrier's name in carrierName",
    );
  });

  it('is the list the Amazon emulator enforces, byte for byte (the emulator keeps its own copy)', () => {
    expect(file('../../emulators/amazon/orders/carrierCodes.json')).toBe(file('./carrierCodes.json'));
  });
});
