// Starts a D365 emulator for a test — called in-process through `app.request`, or served on a loopback port
// when the code under test needs a real URL — with helpers to get a token and to call `/data` with it.
import { demoCatalogue } from '../../src/demo/demoCatalogue.ts';
import { serveEmulator } from '../../src/emulators/shared/serveEmulator.ts';
import {
  createD365Emulator,
  type D365Emulator,
  type D365EmulatorOptions,
} from '../../src/emulators/d365/app.ts';

export interface D365TestEmulator {
  emulator: D365Emulator;
  /** `http://127.0.0.1:<port>` when served, `http://localhost` in-process: the environment URL to use. */
  baseUrl: string;
  /** What a client configures: tenant, client id/secret, token URL and scope for this emulator. */
  credentials: { tenantId: string; clientId: string; clientSecret: string; tokenUrl: string; scope: string };
  /** A fresh access token for the demo client. */
  token(): Promise<string>;
  /** Calls the emulator (`path` like `/data/CustomersV3?$top=1`) with a bearer token unless `auth: false`. */
  request(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

export async function startD365TestEmulator(
  options: D365EmulatorOptions & { serve?: boolean } = {},
): Promise<D365TestEmulator> {
  const { serve, ...emulatorOptions } = options;
  const emulator = createD365Emulator(emulatorOptions);
  const served = serve ? await serveEmulator(emulator.app) : undefined;
  const baseUrl = served?.url ?? 'http://localhost';
  const demo = demoCatalogue().d365;
  const tenantId = emulatorOptions.tenantId ?? demo.tenantId;
  const credentials = {
    tenantId,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    tokenUrl: `${baseUrl}/${tenantId}/oauth2/v2.0/token`,
    scope: `${baseUrl}/.default`,
  };
  const call = (path: string, init?: RequestInit) =>
    served
      ? fetch(`${baseUrl}${path}`, init)
      : Promise.resolve(emulator.app.request(`${baseUrl}${path}`, init));

  const token = async () => {
    const response = await call(`/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: credentials.scope,
      }).toString(),
    });
    if (response.status !== 200)
      throw new Error(`token request failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  let cached: string | undefined;

  return {
    emulator,
    baseUrl,
    credentials,
    token,
    async request(path, init = {}) {
      const { auth = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth && !headers.has('Authorization'))
        headers.set('Authorization', `Bearer ${(cached ??= await token())}`);
      return call(path, { ...rest, headers });
    },
    async close() {
      await served?.close();
      emulator.close();
    },
  };
}
