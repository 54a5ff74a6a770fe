// Fault injection shared by both emulators (`POST /_sim/faults`): throttling storms, server errors,
// latency, malformed bodies and connection resets, for a share of calls or for the next N calls,
// optionally limited to a method and a path prefix. Each emulator renders throttling and errors in its
// own remote's shape; this module decides which call gets which fault and performs the transport-level
// ones (latency, reset). `/_sim/` itself is never faulted, so a test can always clear the faults.
import type { IncomingMessage } from 'node:http';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';

export const faultSchema = z.strictObject({
  /** throttle: the remote's 429; error: a 5xx (or `status`); latency: answer late; malformed: a body that
   *  is not the model's; reset: the TCP connection is cut (`when: before` = not applied, `after` = applied
   *  but the answer is lost). */
  kind: z.enum(['throttle', 'error', 'latency', 'malformed', 'reset']),
  status: z.int().min(400).max(599).optional(),
  latencyMs: z.int().min(0).max(120_000).optional(),
  retryAfterSeconds: z.int().min(0).max(3600).optional(),
  when: z.enum(['before', 'after']).default('before'),
  /** Fault this share of matching calls (0..1) until cleared … */
  share: z.number().min(0).max(1).optional(),
  /** … or the next N matching calls (default 1 when no share is given). */
  next: z.int().min(1).optional(),
  method: z.string().toUpperCase().optional(),
  pathPrefix: z.string().startsWith('/').optional(),
});
export type FaultSpec = z.infer<typeof faultSchema>;
export interface ActiveFault extends FaultSpec {
  id: number;
  /** Calls this fault hit so far. */
  hits: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private lastId = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): ActiveFault {
    const fault = {
      ...spec,
      next: spec.share === undefined ? (spec.next ?? 1) : spec.next,
      id: ++this.lastId,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this call gets, if any (consuming one of a `next: N` fault's calls). */
  pick(method: string, path: string): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.method && fault.method !== method.toUpperCase()) continue;
      if (fault.pathPrefix && !path.startsWith(fault.pathPrefix)) continue;
      if (fault.share !== undefined && this.random() >= fault.share) continue;
      fault.hits++;
      if (fault.next !== undefined && fault.hits >= fault.next)
        this.faults = this.faults.filter((f) => f !== fault);
      return fault;
    }
    return undefined;
  }
}

/** How an emulator answers a throttle, an error and a malformed-body fault in its remote's own shape. */
export interface FaultRenderers {
  throttle(c: Context, fault: ActiveFault): Response;
  error(c: Context, fault: ActiveFault): Response;
  malformed(c: Context, fault: ActiveFault): Response;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cuts the client's TCP connection (only when served by @hono/node-server; in-process calls throw). */
function resetConnection(c: Context): Response {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) throw new TypeError('fetch failed: connection reset by the emulator (fault injection)');
  incoming.socket.destroy();
  return new Response(null, { status: 502 }); // never delivered: the socket is gone
}

/** Applies the injected faults to every call outside `/_sim/`. */
export function faultMiddleware(injector: FaultInjector, render: FaultRenderers): MiddlewareHandler {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/_sim/')) return next();
    const fault = injector.pick(c.req.method, path);
    if (!fault) return next();
    switch (fault.kind) {
      case 'latency':
        await sleep(fault.latencyMs ?? 1000);
        return next();
      case 'throttle':
        return render.throttle(c, fault);
      case 'error':
        return render.error(c, fault);
      case 'malformed':
        return render.malformed(c, fault);
      case 'reset':
        if (fault.when === 'after') await next(); // the change is applied (and saved), the answer is lost
        return resetConnection(c);
    }
  };
}

/** Mounts `GET|POST|DELETE /_sim/faults` on an emulator app. */
export function mountFaultRoutes(app: Hono, injector: FaultInjector): void {
  app.get('/_sim/faults', (c) => c.json({ faults: injector.list() }));
  app.delete('/_sim/faults', (c) => {
    injector.clear();
    return c.body(null, 204);
  });
  app.post('/_sim/faults', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const list = Array.isArray((body as { faults?: unknown })?.faults)
      ? (body as { faults: unknown[] }).faults
      : [body];
    const parsed = z.array(faultSchema).safeParse(list);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return c.json({ error: 'invalid fault', problems }, 400);
    }
    return c.json({ faults: parsed.data.map((spec) => injector.add(spec)) }, 201);
  });
}
