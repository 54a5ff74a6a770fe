/**
 * Reads: one page, all rows (following F&O's server-driven paging), a count, one record by key. Rows are
 * parsed with the descriptor's schema, so F&O's quirks are already smoothed when a flow sees them.
 * Paging follows `@odata.nextLink` verbatim — but only on the environment's own origin, since each
 * request carries the bearer token, and never the same link twice (a server bug would loop forever).
 * An answer that is not JSON at all is retried by the exchange (`expectJson`); one that is JSON but not
 * the expected shape is a contract problem, not retried.
 */
import { z } from 'zod';
import { ConnectorError } from '../errors.ts';
import { callCompany, entityUrl, resolveScope, type CallOptions, type D365Context } from './context.ts';
import {
  rowSchema,
  type AnyEntity,
  type FieldName,
  type KeyOf,
  type NavName,
  type NavTarget,
  type Read,
  type RowOf,
} from './entity/descriptor.ts';
import { parseFnoErrorBody } from './fnoErrors.ts';
import { keyPredicate } from './odata/key.ts';
import { buildReadQuery, toQueryString, type AnyReadQuery, type ReadQuery } from './odata/query.ts';

export type ReadOptions<
  D extends AnyEntity,
  K extends FieldName<D> = FieldName<D>,
  N extends NavName<D> = never,
  KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
> = ReadQuery<D, K, N, KN> & CallOptions;

export type ReadRow<
  D extends AnyEntity,
  K extends FieldName<D>,
  N extends NavName<D>,
  KN extends string,
> = Read<Pick<RowOf<D>, K>> & {
  [P in N]: Read<Pick<RowOf<NavTarget<D, P>>, KN & FieldName<NavTarget<D, P>>>>[];
};

export interface Page<T> {
  rows: T[];
  /** Where the next page is; pass it back as `nextLink` to continue (e.g. in the next job run). */
  nextLink?: string;
  count?: number;
}

const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.count': z.number().optional(),
});

/** A row F&O sent that the schema cannot read: a contract problem, reported without the values. */
function unreadable(entitySet: string, error: z.ZodError): ConnectorError {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || '(row)';
  return new ConnectorError(
    'remote',
    `D365 sent a ${entitySet} row this connector cannot read: ${where}: ${issue?.message}`,
    {
      context: { entitySet, field: where },
    },
  );
}

/** For a write's answer (a read's is parsed, and retried when garbled, by the exchange). */
export function parseJson(text: string, entitySet: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError('remote', `D365 answered ${entitySet} with something that is not JSON`, {
      context: { entitySet },
    });
  }
}

function schemaFor(entity: AnyEntity, query: AnyReadQuery): z.ZodType<Record<string, unknown>> {
  const select = (query.select as string[] | undefined) ?? Object.keys(entity.fields);
  const base = rowSchema(entity, select) as z.ZodObject;
  if (!query.expand) return base;
  const target = entity.navigations[query.expand.navigation]!();
  const navSelect = (query.expand.select as string[] | undefined) ?? Object.keys(target.fields);
  return base.extend({ [query.expand.navigation]: z.array(rowSchema(target, navSelect)) });
}

function checkNextLink(context: D365Context, link: string, seen: Set<string>, entitySet: string): string {
  const url = new URL(link, context.dataRoot);
  if (url.origin !== context.origin) {
    throw new ConnectorError(
      'remote',
      `D365 paging link for ${entitySet} leaves the environment (${url.origin})`,
    );
  }
  if (seen.has(url.href)) throw new ConnectorError('remote', `D365 paging for ${entitySet} repeats a page`);
  seen.add(url.href);
  return url.href;
}

export async function listPage<
  D extends AnyEntity,
  K extends FieldName<D> = FieldName<D>,
  N extends NavName<D> = never,
  KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
>(
  context: D365Context,
  entity: D,
  options: ReadOptions<D, K, N, KN> & { nextLink?: string } = {},
): Promise<Page<ReadRow<D, K, N, KN>>> {
  const { entitySet } = entity;
  const url = options.nextLink
    ? checkNextLink(context, options.nextLink, new Set(), entitySet)
    : entityUrl(
        context,
        entitySet,
        toQueryString(buildReadQuery(entity, options, resolveScope(context, options)).params),
      );
  const response = await context.exchange({
    method: 'GET',
    url,
    entitySet,
    idempotent: true,
    expectJson: true,
    signal: options.signal,
  });
  const page = pageSchema.safeParse(response.json);
  if (!page.success) throw unreadable(entitySet, page.error);
  const schema = schemaFor(entity, options);
  const rows = page.data.value.map((raw) => {
    const row = schema.safeParse(raw);
    if (!row.success) throw unreadable(entitySet, row.error);
    return row.data as ReadRow<D, K, N, KN>;
  });
  const nextLink = page.data['@odata.nextLink'];
  const count = page.data['@odata.count'];
  return { rows, ...(nextLink ? { nextLink } : {}), ...(count !== undefined ? { count } : {}) };
}

/** Every matching row, page after page, as F&O serves them (up to 10,000 a page on real F&O). */
export async function* iterate<
  D extends AnyEntity,
  K extends FieldName<D> = FieldName<D>,
  N extends NavName<D> = never,
  KN extends FieldName<NavTarget<D, N>> = FieldName<NavTarget<D, N>>,
>(
  context: D365Context,
  entity: D,
  options: ReadOptions<D, K, N, KN> = {},
): AsyncGenerator<ReadRow<D, K, N, KN>> {
  const seen = new Set<string>();
  let page = await listPage(context, entity, options);
  for (;;) {
    yield* page.rows;
    if (!page.nextLink) return;
    const nextLink = checkNextLink(context, page.nextLink, seen, entity.entitySet);
    page = await listPage(context, entity, { ...options, nextLink });
  }
}

export async function count<D extends AnyEntity>(
  context: D365Context,
  entity: D,
  options: Pick<ReadOptions<D>, 'filter' | 'company' | 'crossCompany' | 'signal'> = {},
): Promise<number> {
  const built = buildReadQuery(entity, { filter: options.filter }, resolveScope(context, options));
  const params = built.params.filter(([name]) => name !== '$select');
  const url = entityUrl(context, entity.entitySet, `/$count${toQueryString(params)}`);
  const response = await context.exchange({
    method: 'GET',
    url,
    entitySet: entity.entitySet,
    idempotent: true,
    signal: options.signal,
  });
  const value = Number(response.text.trim());
  if (!Number.isInteger(value))
    throw new ConnectorError('remote', `D365 answered ${entity.entitySet}/$count with no number`);
  return value;
}

/** One record by its full key, or undefined when F&O has none. */
export async function getByKey<D extends AnyEntity, K extends FieldName<D> = FieldName<D>>(
  context: D365Context,
  entity: D,
  key: KeyOf<D>,
  options: { select?: readonly K[]; company?: string; signal?: AbortSignal } = {},
): Promise<Read<Pick<RowOf<D>, K>> | undefined> {
  const { entitySet } = entity;
  const select = (options.select as string[] | undefined) ?? Object.keys(entity.fields);
  const params: Array<[string, string]> = [['$select', select.join(',')]];
  // A keyed read outside the user's default company needs the flag, or F&O answers 404.
  if (entity.companyScoped) params.push(['cross-company', 'true']);
  const predicate = keyPredicate(entity, key, callCompany(context, options));
  const url = entityUrl(context, entitySet, `${predicate}${toQueryString(params)}`);
  const response = await context.exchange({
    method: 'GET',
    url,
    entitySet,
    idempotent: true,
    passStatuses: [404],
    expectJson: true,
    signal: options.signal,
  });
  if (response.status === 404) {
    const said = parseFnoErrorBody(response.text)?.message ?? '';
    if (/entity set not found/i.test(said)) {
      throw new ConnectorError(
        'remote',
        `D365 has no entity set ${entitySet} (is it public in this environment?)`,
        {
          context: { status: 404, entitySet },
        },
      );
    }
    return undefined;
  }
  const row = rowSchema(entity, select).safeParse(response.json);
  if (!row.success) throw unreadable(entitySet, row.error);
  return row.data as Read<Pick<RowOf<D>, K>>;
}
