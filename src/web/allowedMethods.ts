/**
 * Which methods a path answers, from the app's own route table: an unsupported method on a known
 * path is a 405 naming them in `Allow`, not a 404 that would suggest the path does not exist.
 * Middleware entries (method ALL) serve no path by themselves and are left out.
 */
import type { RouterRoute } from 'hono/types';

const patterns = new WeakMap<RouterRoute, RegExp>();

/** `/api/records/:id` → a regular expression matching one path segment per parameter. */
function patternOf(route: RouterRoute): RegExp {
  let pattern = patterns.get(route);
  if (!pattern) {
    const source = route.path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    pattern = new RegExp(`^${source}$`);
    patterns.set(route, pattern);
  }
  return pattern;
}

export function allowedMethods(routes: RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    if (patternOf(route).test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
