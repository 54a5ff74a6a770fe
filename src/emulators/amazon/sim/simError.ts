// Refusals of the simulation API (`/_sim/…`): plain JSON `{ error, problems[] }` listing every problem at
// once, like the shared fault routes. Business code throws it; the `/_sim/` routes render it.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export class SimError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}

/** Parses `body` with `schema` or throws a 400 SimError listing every problem. */
export function parseSim<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new SimError(400, `invalid ${what}`, zodProblems(parsed.error));
  return parsed.data;
}
