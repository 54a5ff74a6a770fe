// searchOrders pagination that never skips or repeats an order while orders change: the first page fixes
// the search's result — the ids matching its filters at that moment, in a total order — and every
// token points into that list. Orders changed since are shown as they are now; orders that began to
// match after the first page belong to the next search (the response's `*Before` bound tells the caller
// where to resume). Searches are kept in the durable state, so tokens survive a restart, and expire
// after Amazon's 24 hours (shortened by the time scale). A token replayed gives the same page again,
// which makes retrying a lost answer safe.
import type { DurableTables } from '../../shared/durableTables.ts';
import type { EmulatorContext } from '../options.ts';
import { invalidInput } from '../spApiErrors.ts';
import { randomBytes } from 'node:crypto';

const SEARCHES = 'searches';
const TOKEN_LIFETIME = 24 * 3_600_000;

interface StoredSearch {
  id: string;
  fingerprint: string;
  before: number;
  ids: string[];
  expiresAt: number;
}

export interface Page {
  ids: string[];
  nextToken?: string;
  /** The search's upper bound (the first page's). */
  before: number;
}

const encode = (id: string, offset: number) => Buffer.from(`${id}:${offset}`).toString('base64url');

function decode(token: string): { id: string; offset: number } | undefined {
  const match = /^([A-Za-z0-9_-]+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? { id: match[1]!, offset: Number(match[2]) } : undefined;
}

export class Paginator {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly tables: DurableTables = ctx.tables,
  ) {}

  /** The first page of a new search over `ids` (already filtered and sorted). */
  first(ids: string[], fingerprint: string, before: number, pageSize: number): Page {
    if (ids.length <= pageSize) return { ids, before };
    this.purgeExpired();
    const id = randomBytes(12).toString('base64url');
    const search: StoredSearch = {
      id,
      fingerprint,
      before,
      ids,
      expiresAt: this.ctx.now() + this.ctx.scaled(TOKEN_LIFETIME),
    };
    this.tables.put(SEARCHES, id, search);
    return { ids: ids.slice(0, pageSize), nextToken: encode(id, pageSize), before };
  }

  /** The page a token points at; 400 InvalidInput for an unknown, expired or mismatched token. */
  next(token: string, fingerprint: string, pageSize: number): Page {
    const ref = decode(token);
    const search = ref && (this.tables.get(SEARCHES, ref.id) as StoredSearch | undefined);
    if (!ref || !search || ref.offset > search.ids.length)
      throw invalidInput({ message: 'The paginationToken is invalid.', details: 'paginationToken' });
    if (search.expiresAt <= this.ctx.now())
      throw invalidInput({ message: 'The paginationToken has expired.', details: 'paginationToken' });
    if (search.fingerprint !== fingerprint)
      throw invalidInput({
        message:
          'The paginationToken does not match the request: send the same filters as the request that returned it.',
        details: 'paginationToken',
      });
    const end = ref.offset + pageSize;
    return {
      ids: search.ids.slice(ref.offset, end),
      nextToken: end < search.ids.length ? encode(search.id, end) : undefined,
      before: search.before,
    };
  }

  deleteAll(): void {
    for (const s of this.tables.rows(SEARCHES) as StoredSearch[]) this.tables.delete(SEARCHES, s.id);
  }

  private purgeExpired(): void {
    const now = this.ctx.now();
    for (const s of this.tables.rows(SEARCHES) as StoredSearch[])
      if (s.expiresAt <= now) this.tables.delete(SEARCHES, s.id);
  }
}
