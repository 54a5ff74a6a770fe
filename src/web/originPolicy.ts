/**
 * Which names and origins the API answers to. A request whose Host is not a name of this connector is
 * refused (DNS rebinding: a page on evil.example whose name is re-pointed at 127.0.0.1 would otherwise
 * reach the API as its own origin). The names are the loopback ones, the configured listen address,
 * and the hosts of `server.publicUrls`.
 *
 * A session cookie rides along with requests other pages make (SameSite=Strict ignores the port, so
 * any page on 127.0.0.1 is "same site"), so a cookie-authenticated write must come from one of our own
 * origins: an `Origin` the browser set, that is one of `server.publicUrls` or the request's own origin
 * on a loopback or listen name, and a `Sec-Fetch-Site` (when sent) of `same-origin` — never `none`,
 * `same-site` or `cross-site`. The Host header alone proves nothing: an attacker's page sets both.
 */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = ['', '0.0.0.0', '::', '[::]'];

export interface OriginPolicy {
  /** The request's host name, when it is one of ours; undefined when it is not (or unreadable). */
  ownHost(request: Request): string | undefined;
  /** True when the browser says the request comes from one of our origins (Origin is required). */
  sameOrigin(request: Request): boolean;
  /** True when the browser says the request comes from elsewhere (no browser headers: a program). */
  fromElsewhere(request: Request): boolean;
}

function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

export function createOriginPolicy(server: { host: string; publicUrls: string[] }): OriginPolicy {
  const listen = hostnameOf(
    server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host,
  );
  const local = new Set([...LOOPBACK, ...(listen && !WILDCARD.includes(listen) ? [listen] : [])]);
  const publicOrigins = new Set(server.publicUrls.map((url) => new URL(url).origin));
  const names = new Set([...local, ...server.publicUrls.map((url) => new URL(url).hostname)]);

  /** The Host header as sent (in-process requests carry none: their URL says it). */
  const hostOf = (request: Request) => request.headers.get('host') ?? new URL(request.url).host;

  const ourOrigin = (request: Request, origin: string) => {
    if (publicOrigins.has(origin)) return true;
    const name = hostnameOf(hostOf(request));
    const own = `${new URL(request.url).protocol}//${hostOf(request)}`;
    return name !== undefined && local.has(name) && origin === own;
  };
  const fromElsewhere = (request: Request) => {
    const fetchSite = request.headers.get('sec-fetch-site');
    if (fetchSite !== null && fetchSite !== 'same-origin') return true;
    const origin = request.headers.get('origin');
    return origin !== null && !ourOrigin(request, origin);
  };

  return {
    ownHost(request) {
      const name = hostnameOf(hostOf(request));
      return name !== undefined && names.has(name) ? name : undefined;
    },
    sameOrigin: (request) => request.headers.get('origin') !== null && !fromElsewhere(request),
    fromElsewhere,
  };
}
