// Microsoft Entra ID stand-in for the D365 emulator: the v2 token endpoint (`POST /{tenant}/oauth2/v2.0/token`,
// client-credentials with a client secret or a certificate's client assertion, scope `<environment>/.default`)
// and the bearer check of `/data`. Refusals carry Entra's AADSTS codes and body shape. Access tokens are
// JWT-shaped (aud = environment URL, exp) and signed with a key kept in the durable state, so they survive
// a restart; `/_sim/tokens/expire` changes the key generation, which expires every token issued so far.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { DurableEntityStore } from './engine/entityStore.ts';
import { decodeJwt, signHs256, verifyHs256, verifyRs256 } from './jwt.ts';

export interface EntraClient {
  clientId: string;
  clientSecret?: string;
  /** PEM certificate (or public key) of a certificate client; without it an assertion's signature is not checked. */
  certificatePem?: string;
}

export interface AuthOptions {
  tenantId: string;
  /** The F&O environment URL the tokens are for (the scope's resource and the token's `aud`). */
  environmentUrl: string;
  clients: EntraClient[];
  now: () => number;
  store: DurableEntityStore;
}

const TOKEN_LIFETIME_SECONDS = 3599;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

class EntraError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class EntraAuthority {
  constructor(private readonly options: AuthOptions) {}

  /** `POST /{tenant}/oauth2/v2.0/token`. */
  async token(c: Context): Promise<Response> {
    try {
      const tenant = c.req.param('tenant') ?? '';
      if (tenant.toLowerCase() !== this.options.tenantId.toLowerCase())
        throw new EntraError(
          400,
          'invalid_request',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      const form = new URLSearchParams(
        /application\/x-www-form-urlencoded/i.test(c.req.header('Content-Type') ?? '')
          ? await c.req.text()
          : '',
      );
      const client = this.authenticate(form, new URL(c.req.url).origin);
      return c.json(this.issue(client, this.resourceOf(form, new URL(c.req.url).origin)), 200, {
        'Cache-Control': 'no-store, no-cache',
      });
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      return c.json(this.errorBody(error), error.status, { 'Cache-Control': 'no-store, no-cache' });
    }
  }

  /** The client id of a valid bearer token for this environment, or why it is refused. */
  verify(authorization: string | undefined, origin: string): { clientId: string } | { refused: string } {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return { refused: 'The authorization header is missing or is not a Bearer token.' };
    const jwt = decodeJwt(token);
    if (!jwt || !verifyHs256(jwt, this.signingKey())) return { refused: 'The access token is invalid.' };
    if (!this.audiences(origin).includes(String(jwt.payload.aud)))
      return { refused: `The audience '${String(jwt.payload.aud)}' is invalid.` };
    if (typeof jwt.payload.exp !== 'number' || jwt.payload.exp * 1000 <= this.options.now())
      return { refused: 'The access token has expired.' };
    return { clientId: String(jwt.payload.appid) };
  }

  /** Expires every token issued so far (`/_sim/tokens/expire`). */
  expireAll(): void {
    this.options.store.setMeta(
      'tokenGeneration',
      (this.options.store.meta<number>('tokenGeneration') ?? 0) + 1,
    );
  }

  /** The environment is reachable as configured and at the emulator's own origin (demo and tests). */
  private audiences(origin: string): string[] {
    return [this.options.environmentUrl.replace(/\/+$/, ''), origin];
  }

  private required(form: URLSearchParams, name: string): string {
    const value = form.get(name);
    if (!value)
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        `The request body must contain the following parameter: '${name}'.`,
      );
    return value;
  }

  private authenticate(form: URLSearchParams, origin: string): EntraClient {
    const grant = this.required(form, 'grant_type');
    if (grant !== 'client_credentials')
      throw new EntraError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grant}'.`,
      );
    const clientId = this.required(form, 'client_id');
    const client = this.options.clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
    if (!client)
      throw new EntraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.options.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    this.resourceOf(form, origin);
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!client.clientSecret || secret !== client.clientSecret)
        throw new EntraError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
        );
      return client;
    }
    if (assertion !== null) {
      this.checkAssertion(client, assertion, form.get('client_assertion_type'));
      return client;
    }
    throw new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }

  private checkAssertion(client: EntraClient, assertion: string, type: string | null): void {
    if (type !== ASSERTION_TYPE)
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_assertion_type'.",
      );
    const jwt = decodeJwt(assertion);
    if (!jwt || jwt.header.alg !== 'RS256')
      throw new EntraError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
    const { iss, sub, aud, exp } = jwt.payload;
    if (iss !== client.clientId || sub !== client.clientId)
      throw new EntraError(
        401,
        'invalid_client',
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter.",
      );
    if (typeof aud !== 'string' || !aud.toLowerCase().includes(this.options.tenantId.toLowerCase()))
      throw new EntraError(
        401,
        'invalid_client',
        700023,
        'Client assertion audience claim does not match Realm issuer.',
      );
    if (typeof exp !== 'number' || exp * 1000 <= this.options.now())
      throw new EntraError(
        401,
        'invalid_client',
        700024,
        'Client assertion is not within its valid time range.',
      );
    if (client.certificatePem && !verifyRs256(jwt, client.certificatePem))
      throw new EntraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }

  private resourceOf(form: URLSearchParams, origin: string): string {
    const scope = this.required(form, 'scope');
    if (!scope.endsWith('/.default'))
      throw new EntraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    const resource = scope.slice(0, -'/.default'.length);
    if (!this.audiences(origin).includes(resource))
      throw new EntraError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant named ${this.options.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    return resource;
  }

  private issue(client: EntraClient, resource: string) {
    const iat = Math.floor(this.options.now() / 1000);
    const tenant = this.options.tenantId;
    const accessToken = signHs256(
      {
        aud: resource,
        iss: `https://sts.windows.net/${tenant}/`,
        iat,
        nbf: iat,
        exp: iat + TOKEN_LIFETIME_SECONDS,
        appid: client.clientId,
        appidacr: client.certificatePem && !client.clientSecret ? '2' : '1',
        idtyp: 'app',
        oid: client.clientId,
        sub: client.clientId,
        tid: tenant,
        uti: randomBytes(16).toString('base64url'),
        ver: '1.0',
      },
      this.signingKey(),
    );
    return {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    };
  }

  /** The key of the current token generation (created once and kept in the durable state). */
  private signingKey(): string {
    const store = this.options.store;
    let key = store.meta<string>('tokenKey');
    if (!key) store.setMeta('tokenKey', (key = randomBytes(32).toString('base64url')));
    return `${key}.${store.meta<number>('tokenGeneration') ?? 0}`;
  }

  private errorBody(error: EntraError) {
    const timestamp = new Date(this.options.now())
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    const traceId = randomUUID();
    const correlationId = randomUUID();
    return {
      error: error.error,
      error_description: `AADSTS${error.code}: ${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [error.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
    };
  }
}
