import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyGate, gateFor } from './concurrencyGate.ts';
import { json, startFakeD365, testClient, type FakeD365 } from '../../test/support/d365TestKit.ts';
import { customerGroups } from './entities/reference.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

describe('concurrency cap per environment', () => {
  it('never has more than maxConcurrentRequests in flight at the server, across clients', async () => {
    const held: Array<() => void> = [];
    let arrived: () => void = () => undefined;
    fake = await startFakeD365((_, res) => {
      held.push(() => json(res, 200, { value: [] }));
      arrived();
    });
    /** Resolves once the server holds `count` unanswered requests (no timers: on each arrival). */
    const serverHolds = (count: number) =>
      new Promise<void>((resolve) => {
        arrived = () => {
          if (held.length >= count) resolve();
        };
        arrived();
      });
    const connection = fake.connection({ maxConcurrentRequests: 3 });
    const gate = gateFor(connection.environmentUrl, 3);
    const a = testClient(fake, { connection });
    const b = testClient(fake, { connection });
    const calls = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? a : b).client.list(customerGroups, { company: 'usmf' }),
    );
    // Each round: once the server holds as many as the cap allows, answer them all. While it holds three,
    // they have every slot of the environment's gate: the other calls wait in the client, unsent.
    const rounds: number[] = [];
    let answered = 0;
    while (answered < 10) {
      const expected = Math.min(3, 10 - answered);
      await serverHolds(expected);
      rounds.push(held.length);
      if (expected === 3) expect(gate.inFlight).toBe(3);
      answered += held.length;
      held.splice(0).forEach((answer) => answer());
    }
    await Promise.all(calls);
    expect(fake.dataRequests()).toHaveLength(10);
    expect(rounds).toEqual([3, 3, 3, 1]);
    // Counted at the server across the whole run: never a fourth request in flight.
    expect(fake.maxInFlight).toBe(3);
  });

  it('shares one gate per environment URL, the smaller limit winning', () => {
    const gate = gateFor('https://Contoso.operations.dynamics.com', 8);
    expect(gateFor('https://contoso.operations.dynamics.com', 4)).toBe(gate);
    expect(gate.maxInFlight).toBe(4);
    gateFor('https://contoso.operations.dynamics.com', 16);
    expect(gate.maxInFlight).toBe(4);
  });

  it('serves waiters in order and lets an aborted waiter leave the queue', async () => {
    const gate = new ConcurrencyGate(1);
    const release = await gate.acquire();
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal);
    const order: string[] = [];
    const waiting = gate.acquire().then((r) => {
      order.push('second');
      return r;
    });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(gate.inFlight).toBe(1);
    release();
    (await waiting)();
    expect(order).toEqual(['second']);
    expect(gate.inFlight).toBe(0);
  });

  it('remembers a pause asked for by F&O', () => {
    let now = 1000;
    const gate = new ConcurrencyGate(2, () => now);
    gate.pause(500);
    gate.pause(200); // a shorter pause does not cut the longer one
    expect(gate.pauseRemaining()).toBe(500);
    now += 400;
    expect(gate.pauseRemaining()).toBe(100);
    now += 200;
    expect(gate.pauseRemaining()).toBe(0);
  });
});
