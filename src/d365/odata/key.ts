/**
 * Entity keys in the URL: F&O wants every key field, named — `Set(dataAreaId='usmf',ItemNumber='A1')`
 * — with each value in its literal form and then percent-encoded for the path (a `#`, `?` or `%` in an
 * item number must not cut the URL). Caveat: F&O's web server (IIS) refuses an encoded `/` (`%2F`) in a
 * path, so records whose key contains `/` can only be read through `$filter`.
 */
import { ConnectorError } from '../../errors.ts';
import type { AnyEntity, FieldMap } from '../entity/descriptor.ts';
import { literalFor } from './literals.ts';

/** encodeURIComponent, keeping the characters that are legal in a path segment readable. */
export function encodeODataSegment(text: string): string {
  return encodeURIComponent(text).replaceAll('%3A', ':').replaceAll('%24', '$').replaceAll('%2C', ',');
}

/**
 * `(k1=v1,k2=v2)` for the entity's key. `company` fills `dataAreaId` when the key leaves it out.
 */
export function keyPredicate(entity: AnyEntity, key: Record<string, unknown>, company?: string): string {
  const fields = entity.fields as FieldMap;
  const parts = (entity.keys as readonly string[]).map((name) => {
    const value = name === 'dataAreaId' ? (key.dataAreaId ?? company) : key[name];
    if (value === undefined) {
      const what = name === 'dataAreaId' ? 'the company (dataAreaId)' : `key field ${name}`;
      throw new ConnectorError('config', `${entity.entitySet}: ${what} is missing from the key`);
    }
    return `${name}=${encodeODataSegment(literalFor(fields[name]!, value, name))}`;
  });
  for (const name of Object.keys(key)) {
    if (!(entity.keys as readonly string[]).includes(name)) {
      throw new ConnectorError('config', `${entity.entitySet}: ${name} is not part of its key`);
    }
  }
  return `(${parts.join(',')})`;
}
