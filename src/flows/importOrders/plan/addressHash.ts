import type { PostalAddress } from '../intake/facts.ts';
/**
 * A keyed hash of a delivery address, kept with an imported order so a later change of address on
 * Amazon is seen without keeping the address itself in the record. The same address always gives the
 * same hash: the fields go into a canonical JSON (fixed order, trimmed, blanks dropped) before hashing.
 * The phone is left out on purpose: Amazon withholds it after a while and on some orders, and the D365
 * order's delivery address has no phone — its vanishing is not a change of where the goods go.
 */

export function addressHash(address: PostalAddress, keyOf: (text: string) => string): string {
  const text = (value: string | undefined) => value?.trim() || undefined;
  const lines = address.lines.map((l) => l.trim()).filter((l) => l !== '');
  // Object keys keep insertion order and JSON.stringify drops undefined: a fixed, blank-free text.
  const canonical = {
    name: text(address.name),
    companyName: text(address.companyName),
    lines: lines.length > 0 ? lines : undefined,
    city: text(address.city),
    districtOrCounty: text(address.districtOrCounty),
    stateOrRegion: text(address.stateOrRegion),
    postalCode: text(address.postalCode),
    countryCode: text(address.countryCode)?.toUpperCase(),
  };
  return keyOf(`address:${JSON.stringify(canonical)}`);
}
