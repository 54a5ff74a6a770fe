/**
 * The state machine behind "one problem is one alert" — pure, tested as a table (transition.test.ts).
 *
 *   ok ──problem──▶ firing (alert sent)           unless an alert went out within the cool-down:
 *   ok ──problem──▶ suppressed (nothing sent)     a flapping problem stays quiet until it cools
 *   suppressed ──still there, cooled──▶ firing (alert sent)
 *   firing ──gone──▶ ok ("resolved" sent)         suppressed ──gone──▶ ok (nothing: nobody was told)
 *   firing ──a fresh occurrence, cooled──▶ firing (alert sent again: new records need attention)
 */
import type { AlertStatus } from '../store/repos/alertStates.ts';

export interface RuleState {
  status: AlertStatus;
  since: Date | null;
  lastFiredAt: Date | null;
}

export interface Decision extends RuleState {
  send?: 'firing' | 'resolved';
}

export function decide(
  state: RuleState,
  observed: { active: boolean; fresh?: boolean },
  coolDownMs: number,
  now: Date,
): Decision {
  const cooled = !state.lastFiredAt || now.getTime() - state.lastFiredAt.getTime() >= coolDownMs;
  if (!observed.active) {
    if (state.status === 'ok') return { ...state };
    return {
      status: 'ok',
      since: null,
      lastFiredAt: state.lastFiredAt,
      ...(state.status === 'firing' && { send: 'resolved' as const }),
    };
  }
  const since = state.status === 'ok' ? now : (state.since ?? now);
  if (state.status === 'firing') {
    return observed.fresh && cooled
      ? { status: 'firing', since, lastFiredAt: now, send: 'firing' }
      : { status: 'firing', since, lastFiredAt: state.lastFiredAt };
  }
  return cooled
    ? { status: 'firing', since, lastFiredAt: now, send: 'firing' }
    : { status: 'suppressed', since, lastFiredAt: state.lastFiredAt };
}
