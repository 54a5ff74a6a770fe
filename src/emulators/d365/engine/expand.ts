// One-level `$expand` (F&O expands first-level navigations only): for each expanded navigation the target
// rows are indexed once per request by their join fields, so expanding a 10,000-row page stays linear. The
// expanded rows obey the same company scope as the request.
import type { Row } from './behaviour.ts';
import type { StoredRecord } from './entityStore.ts';
import type { NavigationModel } from './metadataModel.ts';
import type { EngineContext } from './odataService.ts';
import type { ExpandItem } from './queryOptions.ts';
import { serializeRecord, type SerializeOptions } from './serialize.ts';

const joinValue = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/** The rows of `nav`'s target reachable from each source row, found through an index built once. */
export function navigationIndex(
  engine: EngineContext,
  nav: NavigationModel,
  company: string | undefined,
): (source: Row) => StoredRecord[] {
  const join = nav.join!;
  const index = new Map<string, StoredRecord[]>();
  for (const record of engine.store.records(nav.target, company)) {
    const id = JSON.stringify(join.map(([, targetField]) => joinValue(record.r[targetField])));
    const bucket = index.get(id);
    if (bucket) bucket.push(record);
    else index.set(id, [record]);
  }
  return (source) =>
    index.get(JSON.stringify(join.map(([sourceField]) => joinValue(source[sourceField])))) ?? [];
}

/** Adds the expanded navigations to serialised rows. */
export function expander(
  engine: EngineContext,
  items: ExpandItem[],
  company: string | undefined,
  options: Omit<SerializeOptions, 'select'>,
): (source: Row, out: Row) => void {
  const lookups = items.map((item) => ({ item, find: navigationIndex(engine, item.nav, company) }));
  return (source, out) => {
    for (const { item, find } of lookups) {
      const serialize = (rec: StoredRecord) =>
        serializeRecord(item.target, rec, { ...options, select: item.select });
      const found = find(source);
      out[item.nav.name] = item.nav.many ? found.map(serialize) : found[0] ? serialize(found[0]) : null;
    }
  };
}
