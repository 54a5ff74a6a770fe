// mappings.carriers: rows checked cell by cell against Amazon's carrier codes; looked up by carrier
// service, then carrier, then mode of delivery; an unmapped carrier goes as Other with its D365 id.
import { describe, expect, it } from 'vitest';
import { amazonCarrier, readCarrierMapping } from './carrierMapping.ts';

describe('readCarrierMapping', () => {
  it('lists every problem with its cell', () => {
    const { problems, mapping } = readCarrierMapping([
      { carrier: 'UPS', carrierCode: 'UPS', shippingMethod: 'UPS Ground' },
      { carrier: 'FEDEX', carrierCode: 'Fedex' },
      { mode: 'COURIER', carrierCode: 'Other' },
      { carrier: 'DHL', mode: 'AIR', carrierCode: 'DHL' },
      { carrierCode: 'USPS' },
      { carrier: 'ups', carrierCode: 'UPS' },
      { carrier: 'X', carrierCode: 'UPS', colour: 'red' },
    ]);
    expect(problems).toEqual([
      "mappings.carriers[1].carrierCode: 'Fedex' is not one of Amazon's carrier codes (they are matched exactly, case and spaces included); did you mean 'FedEx'?",
      "mappings.carriers[2].carrierName: missing: Amazon requires the carrier's name when carrierCode is Other",
      'mappings.carriers[3].mode: give only one of carrier, mode: a row maps one D365 code',
      'mappings.carriers[4].carrier: missing: give the D365 carrier (carrier), carrier service (service) or mode of delivery (mode) the row is for',
      'mappings.carriers[5].carrier: carrier ups is mapped twice (rows 0 and 5): keep one',
      'mappings.carriers[6].colour: unknown column: the columns of this table are service, carrier, mode, carrierCode, carrierName, shippingMethod',
    ]);
    expect(mapping.rows.map((r) => r.value)).toEqual(['UPS']);
  });
});

describe('amazonCarrier', () => {
  const { mapping } = readCarrierMapping([
    { carrier: 'UPS', carrierCode: 'UPS', shippingMethod: 'UPS Ground' },
    { service: 'UPS-NDA', carrierCode: 'UPS', shippingMethod: 'UPS Next Day Air' },
    { mode: 'COURIER', carrierCode: 'Other', carrierName: 'City Courier' },
  ]);

  it('prefers the carrier service, then the carrier, then the mode of delivery; D365 codes in any case', () => {
    expect(amazonCarrier(mapping, { service: 'ups-nda', carrier: 'UPS', mode: 'COURIER' })).toMatchObject({
      shippingMethod: 'UPS Next Day Air',
    });
    expect(amazonCarrier(mapping, { carrier: 'ups', mode: 'COURIER' })).toMatchObject({
      carrierCode: 'UPS',
      shippingMethod: 'UPS Ground',
    });
    expect(amazonCarrier(mapping, { mode: 'courier' })).toMatchObject({
      carrierCode: 'Other',
      carrierName: 'City Courier',
    });
  });

  it('sends an unmapped carrier as Other with its D365 id, and has nothing when D365 names none', () => {
    expect(amazonCarrier(mapping, { carrier: 'ACMEFREIGHT', mode: 'AIR' })).toMatchObject({
      carrierCode: 'Other',
      carrierName: 'ACMEFREIGHT',
      via: expect.stringMatching(/no row in mappings.carriers/),
    });
    expect(amazonCarrier(mapping, { mode: 'AIR' })).toBeUndefined();
  });
});
