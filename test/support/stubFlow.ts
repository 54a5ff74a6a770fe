/**
 * A flow for tests of the machinery (runner, hooks, jobs, API, CLI): it loads nothing, plans nothing and
 * applies nothing unless the test says otherwise, so each test writes only the part it is about.
 * Defaults: a global service every 60 s, enabled.
 */
import { defineFlow, type Flow, type PlannedAction, type Settings } from '../../src/engine/flow.ts';

type StubOptions<S, A extends PlannedAction, C> = Partial<Flow<S, A, C>> & { id: string };

export function stubFlow<S = object, A extends PlannedAction = PlannedAction, C = Settings>(
  options: StubOptions<S, A, C>,
): Flow<S, A, C> {
  return defineFlow<S, A, C>({
    title: options.id.charAt(0).toUpperCase() + options.id.slice(1),
    description: `the ${options.id} test flow`,
    docs: `docs/flows/${options.id}.md`,
    scope: 'global',
    schedule: { intervalSeconds: 60, enabledByDefault: true },
    load: async () => ({}) as S,
    plan: () => ({ actions: [], hasMore: false }),
    apply: async () => ({ items: 0, errors: 0 }),
    ...options,
  });
}
