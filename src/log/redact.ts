/**
 * Redaction for the live feed and process logs: personal data (names, addresses, e-mail, phone) must
 * never reach either. Callers should not pass personal data at all; this is the safety net that masks
 * any field whose name suggests it, at any depth, and any value that looks like an e-mail address.
 */
// A key is personal when one of its words (camelCase, snake_case and kebab-case split) is one of these.
// `company` alone is not: in this connector it names a D365 legal entity (`usmf`); a buyer's company is
// `companyName` or `buyerCompany…`, which `name` and `buyer` catch.
const PERSONAL_WORDS = new Set([
  'name',
  'names',
  'email',
  'emails',
  'mail',
  'phone',
  'phones',
  'address',
  'addresses',
  'street',
  'city',
  'postal',
  'postcode',
  'zip',
  'zipcode',
  'buyer',
  'recipient',
  'contact',
  'taxid',
  'vat',
  'secret',
  'token',
  'password',
  'authorization',
  'cookie',
  'ssn',
  'birthday',
  'gift',
]);
const SAFE_KEYS = new Set(['queuename', 'jobname', 'hostname', 'flowname']);
const EMAIL = /[^\s@"']+@[^\s@"']+\.[a-z]{2,}/gi;

export const REDACTED = '[redacted]';

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

export function isPersonalKey(key: string): boolean {
  if (SAFE_KEYS.has(key.toLowerCase())) return false;
  return words(key).some((word) => PERSONAL_WORDS.has(word));
}

export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED);
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    // Error fields are not enumerable: keep what an operator needs (redacted), not an empty object.
    const cause = value.cause === undefined ? {} : { cause: redactValue(value.cause, depth + 1) };
    return {
      type: value.name,
      message: redactText(value.message),
      stack: redactText(value.stack ?? ''),
      ...cause,
    };
  }
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isPersonalKey(k) ? REDACTED : redactValue(v, depth + 1)]),
    );
  }
  return value;
}

export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactValue(fields) as Record<string, unknown>;
}
