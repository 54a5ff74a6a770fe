/**
 * What a rule sees (an Observation: is the problem there now?) and what is sent when its state changes
 * (an AlertEvent: the same words for the feed, the outbox and every webhook format). Both are free of
 * personal data and secrets: they travel to third parties (Slack, Teams).
 */
import type { RuleId } from '../config/alertsSchema.ts';

export type Severity = 'warning' | 'critical';

export interface Observation {
  rule: RuleId;
  /** The service (flow id) the problem is about, or a name of its own for connection-wide rules. */
  subject: string;
  /** Whether the problem is there now. */
  active: boolean;
  /** A new occurrence while the problem lasts (records entering needs_attention): alerts again once cooled. */
  fresh?: boolean;
  /** The rule's watermark after this look (needs_attention: the last record history id seen). */
  watermark?: number;
  coolDownMinutes: number;
  severity: Severity;
  /** One line a person understands, true for the state observed (problem or recovery). */
  title: string;
  /** Details shown as name/value pairs. */
  facts: Record<string, string | number>;
}

export interface AlertEvent {
  /** Unique per event: receivers may see an event twice (a crash after sending, before recording it). */
  id: string;
  status: 'firing' | 'resolved';
  rule: RuleId;
  connection: string;
  subject: string;
  severity: Severity;
  title: string;
  facts: Record<string, string | number>;
  /** When this event was decided, and when the problem began (ISO 8601, the evaluator's clock). */
  at: string;
  since: string | null;
}

/** Seconds as a person reads them: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function describeSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) {
    const minutes = Math.round((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
  }
  const hours = Math.round((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d${hours ? ` ${hours} h` : ''}`;
}
