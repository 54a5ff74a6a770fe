/**
 * A small typed client of the connector's HTTP API (docs/api.md), used when a `connector start` owns
 * the data directory or answers at the configured address. Bearer token from CONNECTOR_API_TOKEN or
 * `<data-dir>/api-token`. Error answers become errors with the server's own message: 400/404 are the
 * caller's mistake (exit 2), 401 a wrong token, anything else a failure.
 */
import { ConnectorError } from '../errors.ts';
import type { ServiceKey } from '../engine/serviceKeys.ts';
import { CommandFailed, UsageError } from './errors.ts';
import { readSse, textChunks } from './sse.ts';
import type {
  BackfillView,
  CheckView,
  FeedQuery,
  FeedView,
  PlanView,
  RecordView,
  RetryFilter,
  RunView,
  ServiceView,
  Target,
} from './target.ts';

type Query = Record<string, string | number | undefined>;
type Pair = { flow: string; connection: string };

const toKeys = (pairs: Pair[]): ServiceKey[] =>
  pairs.map((p) => ({ flow: p.flow, connectionId: p.connection }));
const path = (...parts: Array<string | number>) => parts.map((p) => encodeURIComponent(String(p))).join('/');

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  /** Where the token came from, for the message when it is refused. */
  tokenSource: string;
  signal: AbortSignal;
  owner: string;
}

export class ApiClient implements Target {
  readonly mode = 'api';
  readonly describe: string;

  constructor(private readonly options: ApiClientOptions) {
    this.describe = `Connector running: ${options.owner}`;
  }

  private url(route: string, query: Query = {}): URL {
    const url = new URL(route, this.options.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send(
    method: string,
    url: URL,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      ...init.headers,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: this.options.signal,
      });
    } catch (error) {
      throw new CommandFailed(
        `cannot reach the connector at ${this.options.baseUrl}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (!res.ok) throw await this.failure(res);
    return res;
  }

  private async failure(res: Response): Promise<Error> {
    const text = await res.text().catch(() => '');
    let body: { message?: string; problems?: string[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { message: text.slice(0, 200) };
    }
    const message = [
      body.message || `HTTP ${res.status}`,
      ...(body.problems ?? []).map((p) => `  - ${p}`),
    ].join('\n');
    if (res.status === 401) {
      return new ConnectorError(
        'auth',
        `the connector at ${this.options.baseUrl} refused the API token from ${this.options.tokenSource}: ${message}`,
      );
    }
    if (res.status === 400 || res.status === 404) return new UsageError(message);
    return new CommandFailed(message);
  }

  private async call<T>(method: string, route: string, query?: Query, body?: unknown): Promise<T> {
    const res = await this.send(method, this.url(route, query), { body });
    return (await res.json()) as T;
  }

  async services() {
    return (await this.call<{ services: ServiceView[] }>('GET', '/api/services')).services;
  }

  async runNow(flow: string, connection?: string) {
    const { queued } = await this.call<{ queued: Pair[] }>('POST', `/api/services/${path(flow)}/run`, {
      connection,
    });
    return { keys: toKeys(queued) };
  }

  async setEnabled(flow: string, enabled: boolean, connection?: string) {
    const route = `/api/services/${path(flow, enabled ? 'enable' : 'disable')}`;
    return toKeys((await this.call<{ services: Pair[] }>('POST', route, { connection })).services);
  }

  async plan(flow: string, connection?: string) {
    return (await this.call<{ plans: PlanView[] }>('GET', `/api/services/${path(flow)}/plan`, { connection }))
      .plans;
  }

  async check(flow?: string, connection?: string) {
    return (await this.call<{ checks: CheckView[] }>('GET', '/api/check', { flow, connection })).checks;
  }

  async backfill(flow: string, since: Date, connection?: string) {
    const route = `/api/services/${path(flow)}/backfill`;
    const body = { since: since.toISOString(), connection };
    return (await this.call<{ backfills: BackfillView[] }>('POST', route, undefined, body)).backfills;
  }

  async feed(query: FeedQuery) {
    return (await this.call<{ entries: FeedView[] }>('GET', '/api/feed', { ...query })).entries;
  }

  async follow(query: FeedQuery, afterId: number | undefined, onEntry: (entry: FeedView) => void) {
    const { limit: _limit, ...filter } = query;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (afterId !== undefined) headers['last-event-id'] = String(afterId);
    try {
      const res = await this.send('GET', this.url('/api/feed/stream', filter), { headers });
      if (!res.body) return;
      for await (const event of readSse(textChunks(res.body))) {
        if (event.event === 'entry' || event.event === 'message') onEntry(JSON.parse(event.data) as FeedView);
      }
    } catch (error) {
      if (this.options.signal.aborted) return;
      throw error;
    }
    if (!this.options.signal.aborted) {
      throw new CommandFailed(`the live feed stream of ${this.options.baseUrl} ended: the connector stopped`);
    }
  }

  async retry(id: number) {
    return {
      record: (await this.call<{ record: RecordView }>('POST', `/api/records/${path(id)}/retry`)).record,
    };
  }

  async retryMany(filter: RetryFilter) {
    return {
      retried: (await this.call<{ retried: number }>('POST', '/api/records/retry', undefined, filter))
        .retried,
    };
  }

  async resolve(id: number, note?: string) {
    const route = `/api/records/${path(id)}/resolve`;
    return { record: (await this.call<{ record: RecordView }>('POST', route, undefined, { note })).record };
  }

  async replay(id: number) {
    return (await this.call<{ result: RunView }>('POST', `/api/records/${path(id)}/replay`)).result;
  }

  async close() {}
}
