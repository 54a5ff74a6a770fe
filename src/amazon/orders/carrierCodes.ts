/**
 * Amazon's carrier codes: the values confirmShipment's `packageDetail.carrierCode` accepts. Amazon wants
 * them to "match the options listed in Seller Central exactly" (case and spaces count); a carrier that
 * is not listed goes as `Other` with its name in `carrierName`.
 *
 * Source: the `CarrierCode` enumeration of Amazon's order-feed base schema `amzn-base.xsd` (the schema
 * of the order-fulfillment feed, whose list Seller Central offers), copied in the schema's order into
 * `carrierCodes.json` from the copy in the public repository 4379711/sellingpartner-api-fba-shipment-sdk,
 * `src/main/resources/xsd/amzn-base.xsd`, commit 589f07042f59181ae45d0ac5d9c25ebbb0424651: 419 entries.
 * The only departure from that copy's bytes: it stores `Transaragonés` double-encoded
 * (`TransaragonÃ©s`), the JSON as plain UTF-8. The schema repeats 41 values (`Fastway` three times);
 * `AMAZON_CARRIER_CODES` lists each once, at its first place (378 codes).
 * Amazon adds carriers over time (a January 2026 list also has `DHL Parcel UK`, `Colis Privé`,
 * `AMAZON HORIZON`…): a code missing here may still be valid at Amazon (docs/remotes/amazon.md).
 * The Amazon emulator keeps a copy of the JSON (src/emulators/amazon/orders/carrierCodes.json, since
 * emulators import nothing of the connector); the test fails if the two differ by a byte.
 */
import { readFileSync } from 'node:fs';

function load(): string[] {
  const data: unknown = JSON.parse(readFileSync(new URL('./carrierCodes.json', import.meta.url), 'utf8'));
  if (!Array.isArray(data) || data.some((v) => typeof v !== 'string' || v === ''))
    throw new Error('carrierCodes.json must be an array of non-empty strings');
  return data as string[];
}

/** Every carrier code once, in the schema's order. */
export const AMAZON_CARRIER_CODES: readonly string[] = Object.freeze([...new Set(load())]);

const known: ReadonlySet<string> = new Set(AMAZON_CARRIER_CODES);

/** Whether Amazon accepts the code as it is: an exact, case- and space-sensitive match. */
export function isAmazonCarrierCode(code: string): boolean {
  return known.has(code);
}

/** The code reduced to what people get wrong: case, accents, spaces and punctuation. */
const loose = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const looseCodes = AMAZON_CARRIER_CODES.map((code) => ({ code, key: loose(code) }));

/**
 * Up to `n` codes the caller probably meant. Codes equal but for case, accents, spaces and
 * punctuation come alone when there are any ('Fedex' → 'FedEx'; 'post nl' → 'Post NL', 'PostNL');
 * else codes one of which is a prefix of the other ('FedEx Ground' → 'FedEx'), the closest length
 * first, then codes one or two edits away ('Fedx' → 'FedEx'). Ties keep the schema's order. Empty when
 * nothing is close.
 */
export function closestCarrierCodes(code: string, n = 3): string[] {
  const key = loose(code);
  if (key === '') return [];
  const tiers: { code: string; rank: number; by: number }[] = [];
  for (const c of looseCodes) {
    if (c.key === '') continue;
    if (c.key === key) tiers.push({ code: c.code, rank: 0, by: 0 });
    else if (c.key.startsWith(key) || key.startsWith(c.key))
      tiers.push({ code: c.code, rank: 1, by: Math.abs(c.key.length - key.length) });
    else {
      const d = editDistance(c.key, key, 2);
      if (d <= 2 && d < Math.min(c.key.length, key.length)) tiers.push({ code: c.code, rank: 2, by: d });
    }
  }
  // Array.prototype.sort is stable: equal entries stay in the schema's order.
  tiers.sort((a, b) => a.rank - b.rank || a.by - b.by);
  // A code equal but for its spelling is what was meant: the looser guesses would only distract.
  const best = tiers[0]?.rank === 0 ? tiers.filter((t) => t.rank === 0) : tiers;
  return best.slice(0, n).map((t) => t.code);
}

/** The sentence an operator reads when a code is refused: what is wrong and what to send instead. */
export function unknownCarrierCodeMessage(code: string): string {
  const quoted = closestCarrierCodes(code).map((c) => `'${c}'`);
  const last = quoted.pop();
  const hint = !last
    ? "send 'Other' with the carrier's name in carrierName"
    : `did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?`;
  return `'${code}' is not one of Amazon's carrier codes; ${hint}`;
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}
