/**
 * Turns a refusal from the Microsoft Entra ID token endpoint into a ConnectorError a person can act on.
 * Entra names the problem with an AADSTS code inside `error_description`; the codes below are the ones
 * an operator setting up the connector meets, each with the fix. The secret is never in the message:
 * Entra does not echo it, and the description is scrubbed of it anyway.
 */
import { ConnectorError } from '../errors.ts';

const ADVICE: Record<string, string> = {
  '7000215': 'the client secret is wrong — copy the secret *value* (not its id) from the app registration',
  '7000222':
    'the client secret has expired — create a new one in the app registration and update the setting',
  '700016': 'no application with this client id exists in the tenant — check d365.clientId and d365.tenantId',
  '90002': 'the tenant does not exist — check d365.tenantId',
  '900023': 'the tenant id is not valid — check d365.tenantId',
  '700027':
    'the certificate is not accepted — upload this certificate to the app registration (Certificates & secrets)',
  '700024': 'the signed assertion is outside its valid time — check this machine’s clock',
  '7000112': 'the application is disabled in Entra ID',
  '500011': 'no F&O environment answers to this URL in the tenant — check d365.environmentUrl',
  '70011': 'the scope is not valid — d365.environmentUrl must be the environment URL with no path',
  '1002012': 'the scope is not valid — d365.environmentUrl must be the environment URL with no path',
  '50034': 'the user or application does not exist in the tenant — check d365.clientId and d365.tenantId',
  '53003': 'a Conditional Access policy blocks this application',
};

export interface EntraErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  trace_id?: string;
  correlation_id?: string;
}

function aadstsCode(body: EntraErrorBody): string | undefined {
  const fromList = body.error_codes?.[0];
  if (fromList !== undefined) return String(fromList);
  return /AADSTS(\d+)/.exec(body.error_description ?? '')?.[1];
}

function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[secret]');
  return out;
}

/** The first sentence of Entra's description, without the trace/correlation ids and timestamp lines. */
function firstSentence(description: string): string {
  return description
    .split(/\r?\n/)[0]!
    .replace(/\s*Trace ID:.*$/, '')
    .trim();
}

export function entraError(
  status: number,
  body: EntraErrorBody | undefined,
  secrets: readonly (string | undefined)[],
): ConnectorError {
  const code = body ? aadstsCode(body) : undefined;
  const context = {
    status,
    ...(code ? { aadsts: `AADSTS${code}` } : {}),
    ...(body?.error ? { entraError: body.error } : {}),
    ...(body?.trace_id ? { traceId: body.trace_id } : {}),
    ...(body?.correlation_id ? { correlationId: body.correlation_id } : {}),
  };
  if (status >= 500 || status === 429) {
    return new ConnectorError('transient', `Microsoft Entra ID token endpoint is unavailable (${status})`, {
      context,
    });
  }
  const advice = code ? ADVICE[code] : undefined;
  const said = body?.error_description ? scrub(firstSentence(body.error_description), secrets) : '';
  const message = advice
    ? `D365 sign-in failed (AADSTS${code}): ${advice}`
    : `D365 sign-in failed (${status}${body?.error ? ` ${body.error}` : ''})${said ? `: ${said}` : ''}`;
  return new ConnectorError('auth', message, { context });
}
