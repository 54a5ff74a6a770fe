// Progress rendering as units: the text of a bar and of a plain line, and when each is written — a
// terminal redraws in place and wipes the bar at the end; a pipe gets plain lines now and then only.
import { describe, expect, it } from 'vitest';
import { Progress } from './progress.ts';
import { estimateLeftMs, formatDuration, renderBar, renderPlain } from './progressText.ts';

const flows = (done: number) => ({ label: 'check', done, total: 5, unit: 'flows' });

describe('progress text', () => {
  it('durations as a person reads them', () => {
    expect(formatDuration(8_400)).toBe('8 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
  });

  it('estimates the time left at the pace so far, and nothing before the first unit', () => {
    expect(estimateLeftMs(flows(2), 8_000)).toBe(12_000);
    expect(estimateLeftMs(flows(0), 8_000)).toBeUndefined();
    expect(estimateLeftMs({ label: 'x', done: 3, unit: 'items' }, 8_000)).toBeUndefined();
  });

  it('a terminal bar with a count and an estimate, cut to the width', () => {
    expect(renderBar(flows(2), 8_000)).toBe('check [########············] 40% 2/5 flows, about 12 s left');
    expect(renderBar(flows(2), 8_000, 20)).toHaveLength(20);
    expect(renderBar({ label: 'import-orders (demo)', done: 120, unit: 'items' }, 15_000)).toBe(
      'import-orders (demo): 120 items, 8.0/s, 15 s',
    );
  });

  it('a plain line without control characters', () => {
    expect(renderPlain(flows(2), 8_000)).toBe('check: 2 of 5 flows (40%), about 12 s left');
    expect(renderPlain({ label: 'sync', done: 120, unit: 'items' }, 15_000)).toBe(
      'sync: 120 items so far (8.0/s, 15 s)',
    );
  });
});

describe('Progress', () => {
  function clock() {
    let t = 0;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  }

  it('on a terminal: redraws one line in place, at most every 100 ms, and wipes it at the end', () => {
    const c = clock();
    const written: string[] = [];
    const p = new Progress({
      terminal: { write: (t) => written.push(t), columns: 80 },
      line: () => {},
      now: c.now,
    });
    p.update(flows(0));
    c.advance(50);
    p.update(flows(1)); // too soon: skipped
    c.advance(100);
    p.update(flows(2));
    p.end();
    expect(written).toEqual([
      '\r\x1b[2Kcheck [····················] 0% 0/5 flows, 0 s',
      '\r\x1b[2Kcheck [########············] 40% 2/5 flows, about 0 s left',
      '\r\x1b[2K',
    ]);
  });

  it('in a pipe: nothing for quick work; for long work a plain line every 5 s and one at the end', () => {
    const c = clock();
    const quick: string[] = [];
    const q = new Progress({ line: (t) => quick.push(t), now: c.now });
    q.update(flows(0));
    c.advance(1000);
    q.update(flows(5));
    q.end();
    expect(quick).toEqual([]);

    const lines: string[] = [];
    const p = new Progress({ line: (t) => lines.push(t), now: c.now });
    p.update(flows(0));
    c.advance(6_000);
    p.update(flows(1));
    c.advance(1_000);
    p.update(flows(2)); // within 5 s of the last line
    c.advance(5_000);
    p.update(flows(5));
    p.end();
    expect(lines).toEqual(['check: 1 of 5 flows (20%), about 24 s left', 'check: 5 of 5 flows (100%), 12 s']);
    expect(lines.join('')).not.toContain('\r');
    expect(lines.join('')).not.toContain('\x1b');
  });
});
