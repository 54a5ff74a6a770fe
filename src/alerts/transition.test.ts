// The alert state machine, as a table: what each state does with a problem present or gone, fresh or
// not, inside or past the cool-down (60 min here). The clock is the test's.
import { describe, expect, it } from 'vitest';
import { decide, type RuleState } from './transition.ts';

const T0 = new Date('2025-03-03T09:00:00Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);
const COOL = 60 * 60_000;

const ok: RuleState = { status: 'ok', since: null, lastFiredAt: null };
const firing: RuleState = { status: 'firing', since: T0, lastFiredAt: T0 };
const suppressed: RuleState = { status: 'suppressed', since: min(10), lastFiredAt: T0 };
const okRecentlyFired: RuleState = { status: 'ok', since: null, lastFiredAt: T0 };

const cases: Array<
  [string, RuleState, { active: boolean; fresh?: boolean }, Date, string, string | undefined]
> = [
  ['ok, problem appears → alert', ok, { active: true }, min(0), 'firing', 'firing'],
  ['ok, nothing wrong → nothing', ok, { active: false }, min(0), 'ok', undefined],
  [
    'firing, still there → nothing (one problem, one alert)',
    firing,
    { active: true },
    min(200),
    'firing',
    undefined,
  ],
  ['firing, gone → resolved', firing, { active: false }, min(5), 'ok', 'resolved'],
  [
    'ok, back within the cool-down → suppressed',
    okRecentlyFired,
    { active: true },
    min(30),
    'suppressed',
    undefined,
  ],
  ['ok, back after the cool-down → alert', okRecentlyFired, { active: true }, min(61), 'firing', 'firing'],
  ['suppressed, still there once cooled → alert', suppressed, { active: true }, min(60), 'firing', 'firing'],
  ['suppressed, still within → nothing', suppressed, { active: true }, min(59), 'suppressed', undefined],
  [
    'suppressed, gone → ok, no resolved (nobody was told)',
    suppressed,
    { active: false },
    min(20),
    'ok',
    undefined,
  ],
  [
    'firing, fresh within the cool-down → nothing',
    firing,
    { active: true, fresh: true },
    min(30),
    'firing',
    undefined,
  ],
  [
    'firing, fresh once cooled → alert again',
    firing,
    { active: true, fresh: true },
    min(60),
    'firing',
    'firing',
  ],
];

describe('decide', () => {
  it.each(cases)('%s', (_name, state, observed, now, status, send) => {
    const decision = decide(state, observed, COOL, now);
    expect(decision.status).toBe(status);
    expect(decision.send).toBe(send);
  });

  it('keeps when the problem began while it lasts, and records when it last alerted', () => {
    const first = decide(ok, { active: true }, COOL, min(0));
    expect(first).toMatchObject({ since: min(0), lastFiredAt: min(0) });
    const later = decide(first, { active: true, fresh: true }, COOL, min(90));
    expect(later).toMatchObject({ since: min(0), lastFiredAt: min(90), send: 'firing' });
    expect(decide(later, { active: false }, COOL, min(95))).toMatchObject({
      since: null,
      lastFiredAt: min(90),
    });
  });
});
