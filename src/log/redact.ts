/**
 * Redaction for the live feed and process logs: personal data (names, addresses, e-mail, phone) must
 * never reach either. Callers should not pass personal data at all; this is the safety net that masks
 * any field whose name suggests it, at any depth, and any value that looks like an e-mail address.
 */
const PERSONAL_KEY =
  /(^|[^a-z])(name|email|e-mail|mail|phone|address|addressline\d*|street|city|postalcode|zip|buyer|recipient|contact|taxid|vat|company|secret|token|password|authorization|cookie)s?($|[^a-z])/i;
const SAFE_KEYS = new Set([
  'flow',
  'flowname',
  'queue',
  'queuename',
  'jobname',
  'host',
  'hostname',
  'marketplaceid',
]);
const EMAIL = /[^\s@"']+@[^\s@"']+\.[a-z]{2,}/gi;

export const REDACTED = '[redacted]';

function splitCamel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

export function isPersonalKey(key: string): boolean {
  if (SAFE_KEYS.has(key.toLowerCase())) return false;
  return PERSONAL_KEY.test(splitCamel(key));
}

export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED);
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
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
