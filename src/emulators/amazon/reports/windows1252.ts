// Encodes text as windows-1252 ("Cp1252", the charset Amazon declares on flat-file reports): Latin-1 for
// most code points, the 0x80–0x9F block for the typographic characters Windows put there, `?` for anything
// else — as Java's Cp1252 encoder, which Amazon's report writers use, replaces unmappable characters.
const HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

const QUESTION_MARK = 0x3f;

export function encodeWindows1252(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out[n++] = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : (HIGH[code] ?? QUESTION_MARK);
  }
  return out.subarray(0, n);
}

const LOW = new Map(Object.entries(HIGH).map(([code, byte]) => [byte, Number(code)]));

/**
 * Decodes windows-1252 bytes. Not with TextDecoder: on Node 20 its one-shot decode of windows-1252 is
 * latin1's (nodejs/node#56542), which turns € and curly quotes into control codes.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(LOW.get(byte) ?? byte);
  return text;
}
