/**
 * The life of a long-running command (`start`, `worker`): serve until the first SIGINT or SIGTERM,
 * then stop gracefully — running work finishes or is released, the feed records the stop, the data
 * directory is unlocked. A second Ctrl-C forces the exit (main.ts); nothing is lost either way, since
 * a killed run is retried and a dead owner's lock is taken over.
 */
import type { Runtime } from '../runtime.ts';
import type { CliContext } from './context.ts';

function stopRequested(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * pg-boss 10 records a job's completion or failure without awaiting it, so a database blip at that
 * moment is an unhandled rejection — which would end a long-running process on Node 20. Such a job is
 * simply retried after its expiry, so the service reports the error and keeps running.
 */
function reportUnhandled(ctx: CliContext) {
  return (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    ctx.err(`unexpected background error (the connector keeps running): ${message}`);
  };
}

export async function runUntilStopped(ctx: CliContext, runtime: Runtime): Promise<void> {
  // Workers have no server socket; this keeps the process alive until told to stop.
  const keepAlive = setInterval(() => undefined, 60_000);
  const onUnhandled = reportUnhandled(ctx);
  process.on('unhandledRejection', onUnhandled);
  try {
    await stopRequested(ctx.signal);
    const reason = String(ctx.signal.reason ?? 'stop requested');
    ctx.err(`${reason}: stopping — running work finishes first (press Ctrl-C again to force)`);
    await runtime.stop(reason);
    ctx.err('Connector stopped.');
  } finally {
    clearInterval(keepAlive);
    process.off('unhandledRejection', onUnhandled);
  }
}
