/**
 * What authentication needs, built once per app from the API tokens and the database: the tokens, the
 * browser sessions, the Host/Origin policy and the sign-in limiter, whose blocks are written to the live
 * feed. The web API (app.ts) and a worker's metrics listener (metricsServer.ts) share it, so a scraper
 * meets the same tokens and the same limiter on either.
 */
import type { ConnectorConfig } from '../config/schema.ts';
import type { Db } from '../store/db.ts';
import type { ApiToken } from './apiToken.ts';
import type { Audit } from './audit.ts';
import type { AuthDeps } from './auth.ts';
import { createOriginPolicy } from './originPolicy.ts';
import { DEFAULT_SESSION_LIMITS, Sessions } from './sessions.ts';
import { SignInLimiter, type LimiterOptions } from './signInLimiter.ts';

export interface AuthSettings {
  db: Db;
  apiTokens: ApiToken[];
  server?: Partial<Pick<ConnectorConfig['server'], 'host' | 'publicUrls' | 'sessions'>>;
  signInLimits?: Partial<LimiterOptions>;
}

export function createAuthDeps(settings: AuthSettings, audit: Audit, now: () => Date): AuthDeps {
  return {
    tokens: settings.apiTokens,
    sessions: new Sessions(
      settings.db,
      settings.apiTokens,
      settings.server?.sessions ?? DEFAULT_SESSION_LIMITS,
      now,
    ),
    origins: createOriginPolicy({
      host: settings.server?.host ?? '127.0.0.1',
      publicUrls: settings.server?.publicUrls ?? [],
    }),
    limiter: new SignInLimiter(() => now().getTime(), settings.signInLimits),
    reportBlocked: (event) =>
      audit(undefined, {
        level: 'warn',
        message:
          `${event.failures} wrong API tokens in a row from ${event.address}: its next try must wait ` +
          `${event.waitSeconds} s`,
        fields: { client: event.address, failures: event.failures, waitSeconds: event.waitSeconds },
      }),
  };
}
