// The carrier codes Amazon accepts in confirmShipment's `packageDetail.carrierCode`: Seller Central's list,
// the `CarrierCode` enumeration of Amazon's order-feed base schema (amzn-base.xsd). carrierCodes.json is a
// byte-for-byte copy of the connector's src/amazon/orders/carrierCodes.json, where its source is recorded;
// the emulator keeps its own because emulators import nothing of the connector (DESIGN §4.1), and the
// client's test (src/amazon/orders/carrierCodes.test.ts) fails if the two differ. Matching is exact:
// Amazon wants the code "exactly" as listed, so 'Fedex' or 'UPS ' is refused.
import { readFileSync } from 'node:fs';

const codes = new Set<string>(
  JSON.parse(readFileSync(new URL('./carrierCodes.json', import.meta.url), 'utf8')) as string[],
);

export function isKnownCarrierCode(code: string): boolean {
  return codes.has(code);
}
