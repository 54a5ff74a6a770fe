/**
 * F&O error answers → ConnectorError, classified by who must act (DESIGN §4.4). F&O's outer message is
 * always "An error has occurred."; the text a person can act on (the Infolog) is in
 * `error.innererror.message` or deeper in `internalexception`. Write failures come back as 400 on some
 * environments and 500 on others (always 500 inside a $batch), so they are recognised by their
 * exception type and wording, not by the status.
 * The Infolog can quote the record's values — a customer's name, address, e-mail — and error messages
 * reach the operator's live feed and the logs, so what it quotes of personal fields is masked before it
 * goes into a message (`maskPersonalData`); codes, ids and field names stay, so a person can still act.
 * The unmasked text is kept nowhere.
 */
import { ConnectorError, type ErrorKind } from '../errors.ts';

export interface FnoErrorBody {
  /** The most specific message F&O gave. */
  message?: string;
  /** e.g. Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException */
  type?: string;
}

interface InnerError {
  message?: unknown;
  type?: unknown;
  internalexception?: InnerError;
}

const MAX_MESSAGE = 1000;
const WRITE_FAILURE =
  /Write failed|validateField|validateWrite|already exists|not found in the related table|must be filled in|Update has been canceled|cannot be (?:deleted|edited|changed)/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.replace(/\s+/g, ' ').trim() : undefined;
}

export function parseFnoErrorBody(body: string | unknown): FnoErrorBody | undefined {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const error = (json as { error?: { message?: unknown; innererror?: InnerError } } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  let inner = error.innererror;
  let message = text(inner?.message);
  let type = text(inner?.type);
  // Some failures carry the useful text only in nested internal exceptions.
  while (!message && inner?.internalexception) {
    inner = inner.internalexception;
    message = text(inner.message);
    type ??= text(inner.type);
  }
  message ??= text(error.message);
  return { ...(message ? { message } : {}), ...(type ? { type } : {}) };
}

export function isWriteFailure(body: FnoErrorBody | undefined): boolean {
  if (!body) return false;
  return /AxODataWriteException/.test(body.type ?? '') || WRITE_FAILURE.test(body.message ?? '');
}

/** The last word(s) of a field label that holds personal data (after splitting camelCase). */
const PERSONAL_WORDS = new Set([
  'name',
  'names',
  'named',
  'firstname',
  'lastname',
  'surname',
  'alias',
  'street',
  'address',
  'addresses',
  'phone',
  'telephone',
  'mobile',
  'fax',
  'email',
  'e-mail',
  'mail',
  'locator',
  'city',
  'zip',
  'zipcode',
  'postcode',
]);
const PERSONAL_PAIRS = new Set(['zip code', 'postal code', 'post code', 'e mail']);
/** "<word> name" that names metadata or master data, not a person: kept. */
const NOT_A_PERSON = new Set([
  'field',
  'table',
  'entity',
  'column',
  'method',
  'class',
  'object',
  'enum',
  'index',
  'relation',
  'property',
  'parameter',
  'datasource',
  'source',
  'report',
  'form',
  'query',
  'view',
  'element',
  'sequence',
  'group',
  'item',
  'product',
  'warehouse',
  'site',
  'dimension',
  'journal',
  'category',
  'unit',
]);

/** Whether a field label ('Delivery name', 'PrimaryContactEmail', 'Contact number/address') is personal. */
export function isPersonalLabel(label: string): boolean {
  const words = label
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s/_]+/)
    .filter(Boolean);
  const last = words.at(-1) ?? '';
  if (PERSONAL_PAIRS.has(words.slice(-2).join(' '))) return true;
  if (!PERSONAL_WORDS.has(last)) return false;
  return !(last === 'name' && words.length > 1 && NOT_A_PERSON.has(words.at(-2)!));
}

const EMAIL = /[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const QUOTED = `'[^']*'|"[^"]*"`;
const LABEL = `\\b[A-Za-z][\\w/-]*(?:[ \\t]+[A-Za-z][\\w/-]*)?`;
/** "The value 'Jane Doe' in field 'Name'", "value 'x' is not valid for the field 'City'". */
const VALUE_IN_FIELD = new RegExp(
  `(${QUOTED})(\\s+(?:[a-z]+\\s+){0,4}?(?:in|for|of)\\s+(?:the\\s+)?field\\s+)(${QUOTED})`,
  'gi',
);
/** "'Name' = 'Jane Doe'", "field 'Name' has the value 'Jane Doe'". */
const QUOTED_LABEL_VALUE = new RegExp(
  `(${QUOTED})(\\s*[:=]\\s*|\\s+(?:has|with|contains|is set to)\\s+(?:the\\s+)?(?:value\\s+)?)(${QUOTED})`,
  'gi',
);
/** "Name 'Jane Doe'", "Delivery address: '1 Main Street'", "Phone = '555 0100'". */
const LABEL_VALUE = new RegExp(`(${LABEL})(\\s*[:=]\\s*|\\s+)(${QUOTED})`, 'g');
/** "Contact number/address: +1 425 555 0100." — unquoted, up to the end of the clause (`;`, `:`, `. `). */
const LABEL_COLON = new RegExp(
  `(${LABEL})(\\s*:[ \\t]*)(?!['"\\s])([^;:]*?)(?=\\s*[;:]|\\.(?:\\s|$)|$)`,
  'g',
);

const MASK = '***';
const maskQuoted = (quoted: string) => `${quoted[0]}${MASK}${quoted[0]}`;
const unquote = (quoted: string) => quoted.slice(1, -1);

/**
 * The unquoted form, scanned by hand: when a label is not personal, its "value" may itself be the next
 * label ("Warning: Delivery name: …"), so the scan goes on from the value rather than past it.
 */
function maskAfterColon(text: string): string {
  let out = '';
  let copied = 0;
  LABEL_COLON.lastIndex = 0;
  for (let match = LABEL_COLON.exec(text); match; match = LABEL_COLON.exec(text)) {
    const [all, label = '', between = '', value = ''] = match;
    const valueAt = match.index + label.length + between.length;
    if (value && isPersonalLabel(label)) {
      out += `${text.slice(copied, valueAt)}${MASK}`;
      copied = match.index + all.length;
      LABEL_COLON.lastIndex = copied;
    } else {
      LABEL_COLON.lastIndex = Math.max(valueAt, match.index + 1);
    }
  }
  return out + text.slice(copied);
}

/**
 * F&O's message with the values it quotes of personal fields masked: e-mail addresses anywhere, and
 * values next to the label of a name, street/address, city, ZIP code, phone or e-mail field. Best
 * effort by wording — it keeps codes, ids and field names ('Customer account', 'AMZ', item numbers).
 */
export function maskPersonalData(message: string): string {
  const quoted = message
    .replace(EMAIL, '[e-mail]')
    .replace(VALUE_IN_FIELD, (all, value: string, between: string, label: string) =>
      isPersonalLabel(unquote(label)) ? `${maskQuoted(value)}${between}${label}` : all,
    )
    .replace(QUOTED_LABEL_VALUE, (all, label: string, between: string, value: string) =>
      isPersonalLabel(unquote(label)) ? `${label}${between}${maskQuoted(value)}` : all,
    )
    .replace(LABEL_VALUE, (all, label: string, between: string, value: string) =>
      isPersonalLabel(label) ? `${label}${between}${maskQuoted(value)}` : all,
    );
  return maskAfterColon(quoted);
}

export interface FnoErrorInput {
  status: number;
  body?: FnoErrorBody;
  method: string;
  entitySet: string;
  context?: Record<string, unknown>;
}

function classify(status: number, body: FnoErrorBody | undefined): { kind: ErrorKind; what: string } {
  if (status === 401) {
    return {
      kind: 'auth',
      what:
        'D365 refused the access token. Check that the Entra application is registered in F&O (System administration > ' +
        'Setup > Microsoft Entra applications) and mapped to an enabled user, and that d365.environmentUrl is exactly ' +
        'the environment URL (the token audience)',
    };
  }
  if (status === 403) {
    return {
      kind: 'auth',
      what: 'the F&O user mapped to the Entra application may not do this (security roles)',
    };
  }
  if (status === 429) return { kind: 'transient', what: 'D365 is throttling requests' };
  if (isWriteFailure(body) && (status === 400 || status >= 500 || status === 409)) {
    return { kind: 'data', what: 'D365 rejected the record' };
  }
  if (status === 404) return { kind: 'remote', what: 'not found' };
  if (status === 412) return { kind: 'remote', what: 'the record changed in D365 since it was read' };
  if (status >= 500) return { kind: 'transient', what: 'D365 had a server error' };
  return { kind: 'remote', what: 'D365 refused the request' };
}

export function fnoError(input: FnoErrorInput): ConnectorError {
  const { status, body } = input;
  const { kind, what } = classify(status, body);
  // Masked before it is cut, so a value is never half masked at the cut.
  const said = body?.message ? `: ${maskPersonalData(body.message).slice(0, MAX_MESSAGE)}` : '';
  const message = `D365 ${input.method} ${input.entitySet} failed (${status}) — ${what}${said}`;
  return new ConnectorError(kind, message, {
    context: {
      status,
      entitySet: input.entitySet,
      method: input.method,
      ...(body?.type ? { fnoType: body.type } : {}),
      ...(status === 412 ? { preconditionFailed: true } : {}),
      ...input.context,
    },
  });
}
