// Plumbing shared by the `/_sim/` business routes: the JSON body validated with zod (every problem
// listed), the whole action run as one change set, and F&O's refusals (ODataFault) answered as JSON with
// their status and the individual problems.
import type { Context } from 'hono';
import type { z } from 'zod';
import { demoCatalogue } from '../../../../demo/demoCatalogue.ts';
import { ODataFault, type BehaviourContext, type EntityStore } from '../../engine/behaviour.ts';

export interface SimDeps {
  store: EntityStore;
  context: (company: string) => BehaviourContext;
}

export function simError(status: number, message: string, problems: string[] = []): ODataFault {
  return new ODataFault(status, message, problems);
}

/** The company a simulation acts in: the body's, else the demo's default company. */
export function companyFrom(company: string | undefined): string {
  return (company ?? demoCatalogue().d365.defaultCompany).toLowerCase();
}

function answerFault(c: Context, e: ODataFault) {
  return c.json({ error: { message: e.message, problems: e.details } }, e.status as 400);
}

/** Handles one simulation POST: parse, validate, run atomically, answer 201 with the result. */
export async function runSim<S extends z.ZodType>(
  c: Context,
  deps: SimDeps,
  schema: S,
  action: (body: z.output<S>) => unknown,
) {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return c.json({ error: { message: 'The request body must be JSON.', problems: [] } }, 400);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return c.json({ error: { message: 'The request body is not valid.', problems } }, 400);
  }
  try {
    return c.json(deps.store.atomically(() => action(parsed.data)) as object, 201);
  } catch (e) {
    if (e instanceof ODataFault) return answerFault(c, e);
    throw e;
  }
}

/** Answers a read-only simulation GET, mapping refusals the same way. */
export function runRead(c: Context, read: () => unknown) {
  try {
    return c.json(read() as object, 200);
  } catch (e) {
    if (e instanceof ODataFault) return answerFault(c, e);
    throw e;
  }
}
