// Access tokens of the emulated Login with Amazon: `Atza|<claims>.<signature>`, signed with a secret kept
// in the emulator's state. Being self-contained, tokens survive a restart (a connector's cached token
// keeps working after the demo is killed and restarted, as with Amazon) without a row per token.
// `/_sim/tokens/expire` bumps a generation number, which turns every token issued so far into an
// expired one at once — the case of a token running out in the middle of a sync.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from './options.ts';

/** LWA access tokens live one hour (`expires_in: 3600`). */
export const TOKEN_LIFETIME_SECONDS = 3600;
export const GRANTLESS_SCOPES = [
  'sellingpartnerapi::notifications',
  'sellingpartnerapi::migration',
  'sellingpartnerapi::client_credential:rotation',
] as const;

export interface TokenClaims {
  /** A seller-authorised token (refresh_token grant) or a grantless one (client_credentials). */
  kind: 'seller' | 'grantless';
  sellerId?: string;
  scope?: string;
  /** Expiry, epoch ms on the emulator's clock. */
  exp: number;
  gen: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

interface LwaMeta {
  secret: string;
  generation: number;
}

const META_TABLE = 'meta';
const META_KEY = 'lwa';

export class TokenAuthority {
  private meta: LwaMeta;

  constructor(private readonly ctx: EmulatorContext) {
    const stored = ctx.tables.get(META_TABLE, META_KEY) as LwaMeta | undefined;
    if (stored) this.meta = stored;
    else {
      this.meta = { secret: randomBytes(32).toString('base64url'), generation: 1 };
      ctx.tables.atomically(() => ctx.tables.put(META_TABLE, META_KEY, this.meta));
    }
  }

  issue(claims: Omit<TokenClaims, 'exp' | 'gen'>): string {
    const full: TokenClaims = {
      ...claims,
      exp: this.ctx.now() + TOKEN_LIFETIME_SECONDS * 1000,
      gen: this.meta.generation,
    };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return `Atza|${payload}.${this.sign(payload)}`;
  }

  verify(token: string): TokenCheck {
    const match = /^Atza\|([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (!match) return { ok: false, reason: 'invalid' };
    const [, payload, signature] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'invalid' };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    if (claims.gen < this.meta.generation || claims.exp <= this.ctx.now())
      return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  /** Every token issued so far is expired from now on (saved, so it holds across a restart). */
  expireAll(): void {
    this.meta = { ...this.meta, generation: this.meta.generation + 1 };
    this.ctx.tables.atomically(() => this.ctx.tables.put(META_TABLE, META_KEY, this.meta));
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.meta.secret).update(payload).digest('base64url');
  }
}
