// The resource path below `/data`: the service document, `$metadata`, `$batch`, an entity set, one entity
// by key, a property of it (or its raw `$value`), a navigation from it, and `/$count` of a collection.
// Entity-set names are case-sensitive, as on F&O; an unknown one is F&O's "Entity set not found.".
import type { Row } from './behaviour.ts';
import { EngineFault, notFound } from './errors.ts';
import { parseKeyPredicate } from './keys.ts';
import type { EntitySetModel, MetadataModel, NavigationModel } from './metadataModel.ts';

export type ResourcePath =
  | { kind: 'serviceDocument' }
  | { kind: 'metadata' }
  | { kind: 'batch' }
  | { kind: 'collection'; set: EntitySetModel; count: boolean }
  | { kind: 'entity'; set: EntitySetModel; key: Row }
  | { kind: 'property'; set: EntitySetModel; key: Row; property: string; raw: boolean }
  | { kind: 'navigation'; set: EntitySetModel; key: Row; nav: NavigationModel; count: boolean };

const entitySetNotFound = () => new EngineFault(404, 'Entity set not found.', 'plain');

/** Parses the path after `/data` (still percent-encoded). */
export function parseResourcePath(rawPath: string, model: MetadataModel): ResourcePath {
  let path: string;
  try {
    path = decodeURIComponent(rawPath).replace(/^\/+/, '').replace(/\/+$/, '');
  } catch {
    throw new EngineFault(400, 'Bad Request - Error in query syntax.', 'plain');
  }
  if (path === '') return { kind: 'serviceDocument' };
  if (path === '$metadata') return { kind: 'metadata' };
  if (path === '$batch') return { kind: 'batch' };
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)?.[0];
  const set = name ? model.set(name) : undefined;
  if (!name || !set) throw entitySetNotFound();
  let rest = path.slice(name.length);
  if (!rest.startsWith('(')) {
    if (rest === '') return { kind: 'collection', set, count: false };
    if (rest === '/$count') return { kind: 'collection', set, count: true };
    if (rest.startsWith('/Microsoft.Dynamics.DataEntities.'))
      throw new EngineFault(400, `The action '${rest.slice(1)}' is not offered by this emulator.`, 'plain');
    throw notFound(rest.slice(1));
  }
  const close = closingParen(rest);
  if (close < 0) throw new EngineFault(400, 'Bad Request - Error in query syntax.', 'plain');
  const key = parseKeyPredicate(set, rest.slice(1, close));
  rest = rest.slice(close + 1);
  if (rest === '') return { kind: 'entity', set, key };
  const segments = rest.split('/').slice(1);
  const [segment = '', next] = segments;
  if (segments.length > 2) throw notFound(segments[2]!);
  if (set.field(segment)) {
    if (next !== undefined && next !== '$value') throw notFound(next);
    return { kind: 'property', set, key, property: segment, raw: next === '$value' };
  }
  const nav = set.navigation.find((n) => n.name === segment);
  if (!nav) throw notFound(segment);
  if (next !== undefined && next !== '$count') throw notFound(next);
  return { kind: 'navigation', set, key, nav, count: next === '$count' };
}

/** Index of the parenthesis closing the one at 0, skipping quoted strings. */
function closingParen(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && text[i] === ')') return i;
  }
  return -1;
}
