// Rows as F&O's JSON: `@odata.etag` on every entity, properties in metadata order (all of them, or the
// $select'ed ones), values as stored (already F&O's canonical form, see values.ts). Minimal metadata is the
// default; `odata.metadata=full` adds `@odata.type`/`@odata.id`/`@odata.editLink`, `none` drops annotations.
import type { Row } from './behaviour.ts';
import { etagOf, type StoredRecord } from './entityStore.ts';
import { formatKey } from './keys.ts';
import type { EntitySetModel } from './metadataModel.ts';
import type { ExpandItem } from './queryOptions.ts';
import { defaultValue } from './values.ts';

export type MetadataLevel = 'minimal' | 'full' | 'none';

export function metadataLevel(accept: string | null | undefined): MetadataLevel {
  const m = /odata\.metadata=(minimal|full|none)/i.exec(accept ?? '');
  return (m?.[1]?.toLowerCase() as MetadataLevel | undefined) ?? 'minimal';
}

export const JSON_CONTENT_TYPE =
  'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8';

export interface SerializeOptions {
  /** `<origin>/data`: links point back at whoever the client called. */
  serviceRoot: string;
  level: MetadataLevel;
  select?: string[];
}

export function serializeRecord(set: EntitySetModel, record: StoredRecord, options: SerializeOptions): Row {
  const out: Row = {};
  if (options.level === 'full') {
    const id = `${set.name}(${formatKey(set, record.r)})`;
    out['@odata.type'] = `#${set.qualifiedType}`;
    out['@odata.id'] = `${options.serviceRoot}/${id}`;
    out['@odata.etag'] = etagOf(record);
    out['@odata.editLink'] = id;
  } else if (options.level === 'minimal') out['@odata.etag'] = etagOf(record);
  const wanted = options.select ? new Set(options.select) : undefined;
  for (const field of set.fields) {
    if (wanted && !wanted.has(field.name)) continue;
    out[field.name] = record.r[field.name] ?? defaultValue(field);
  }
  return out;
}

/** The `@odata.context` of a collection or single entity, with the $select/$expand shape as OData writes it. */
export function contextUrl(
  serviceRoot: string,
  set: EntitySetModel,
  options: { select?: string[]; expand?: ExpandItem[]; entity?: boolean },
): string {
  const parts: string[] = [...(options.select ?? [])];
  for (const e of options.expand ?? []) parts.push(`${e.nav.name}(${(e.select ?? []).join(',')})`);
  const shape = options.select || parts.length > 0 ? `(${parts.join(',')})` : '';
  return `${serviceRoot}/$metadata#${set.name}${shape}${options.entity ? '/$entity' : ''}`;
}
