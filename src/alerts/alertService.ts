/**
 * The alerts beside the flows in a running connector: every `pollMs` it delivers what the outbox holds
 * that is due, and every `alerts.evaluateSeconds` it first looks at the rules. One pass at a time; a
 * failing pass is logged and the next one tries again. Every process may run this: rule changes are
 * decided under row locks and deliveries claimed with SKIP LOCKED (store/repos/alert*.ts), so several
 * workers sharing one PostgreSQL neither double an alert nor send one twice at once.
 *
 * The first look comes one period after the start, not at once: a process restarting in a loop should
 * not be the thing that alerts, its failing runs should.
 */
import { evaluateAlerts } from './evaluateAlerts.ts';
import { deliverDueAlerts } from './deliverAlerts.ts';
import type { AlertDeps } from './alertDeps.ts';
import { purgeAlertOutbox } from '../store/repos/alertOutbox.ts';

export interface AlertServiceOptions extends AlertDeps {
  /** The clock (tests move it instead of waiting). */
  now?: () => Date;
  pollMs?: number;
}

export interface AlertService {
  /** One pass: the rules when their time has come, then the due deliveries. */
  tick(): Promise<void>;
  start(): void;
  /** Stops the timer, aborts posts under way (their rows come due again) and waits for the pass. */
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

export function createAlertService(options: AlertServiceOptions): AlertService {
  const now = options.now ?? (() => new Date());
  const evaluateMs = options.config.alerts.evaluateSeconds * 1000;
  const stopping = new AbortController();
  let lastLook = now().getTime();
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;

  async function tick(): Promise<void> {
    const at = now();
    try {
      if (at.getTime() - lastLook >= evaluateMs) {
        lastLook = at.getTime();
        await evaluateAlerts(options, at);
        // Delivered and given-up rows are kept as long as the live feed that mentions them.
        await purgeAlertOutbox(
          options.db,
          new Date(at.getTime() - options.config.feed.retentionDays * DAY_MS),
        );
      }
      await deliverDueAlerts(options, at, { signal: stopping.signal });
    } catch (error) {
      if (!stopping.signal.aborted)
        options.log.warn({ err: error }, 'alert pass failed; the next one tries again');
    }
  }

  return {
    tick,
    start() {
      timer = setInterval(() => {
        pass ??= tick().finally(() => (pass = undefined));
      }, options.pollMs ?? 5000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      stopping.abort();
      await pass;
    },
  };
}
