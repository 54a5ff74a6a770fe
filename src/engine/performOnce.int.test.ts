import { describe, expect, it } from 'vitest';
import { useTestStore, testOnce } from '../../test/support/testDb.ts';
import { findIntent, openIntentValue } from '../store/repos/intents.ts';
import { performOnce, rejectIntent, WriteSettling } from './performOnce.ts';

const store = useTestStore();
const once = () => testOnce(store);

/** A non-idempotent remote: every send creates a new package. */
function fakeRemote() {
  const sent: string[] = [];
  return {
    sent,
    options(key: string, opts: { failAfterSend?: boolean; failBeforeSend?: boolean } = {}) {
      return {
        connectionId: 'us',
        flow: 'confirm-shipments',
        operation: 'confirmShipment',
        key,
        request: { key },
        send: async () => {
          if (opts.failBeforeSend) throw new Error('connection refused');
          sent.push(key);
          if (opts.failAfterSend) throw new Error('answer lost');
          return { confirmed: key };
        },
        check: async () => (sent.includes(key) ? { confirmed: key } : undefined),
      };
    },
  };
}

describe('performOnce', () => {
  it('sends once and answers from the resolved intent afterwards', async () => {
    const remote = fakeRemote();
    expect((await performOnce(once(), remote.options('a'))).status).toBe('sent');
    expect((await performOnce(once(), remote.options('a'))).status).toBe('already-done');
    expect(remote.sent).toEqual(['a']);
  });

  it('does not resend a write sent moments ago that the remote does not show yet (it may still land)', async () => {
    const remote = fakeRemote();
    // The first attempt never reached the remote, but the sender cannot know: its outcome is unknown.
    await expect(performOnce(once(), remote.options('s', { failBeforeSend: true }))).rejects.toThrow();
    const settling = performOnce(once(), { ...remote.options('s'), settleMs: 60_000 });
    await expect(settling).rejects.toBeInstanceOf(WriteSettling);
    await expect(settling).rejects.toMatchObject({ kind: 'transient', context: { settling: true } });
    expect(remote.sent).toEqual([]);
    // Once the settle time is over (here: none asked for), the check's "not there" is believed.
    expect((await performOnce(once(), { ...remote.options('s'), settleMs: 0 })).status).toBe('sent');
    expect(remote.sent).toEqual(['s']);
  });

  it('after a lost answer, reconciles by reading the remote instead of sending again', async () => {
    const remote = fakeRemote();
    await expect(performOnce(once(), remote.options('b', { failAfterSend: true }))).rejects.toThrow(
      'answer lost',
    );
    expect(
      await findIntent(store.db, { connectionId: 'us', operation: 'confirmShipment', key: 'b' }),
    ).toMatchObject({
      state: 'pending',
    });
    const outcome = await performOnce(once(), remote.options('b'));
    expect(outcome).toEqual({ status: 'reconciled', result: { confirmed: 'b' } });
    expect(remote.sent).toEqual(['b']);
  });

  it('sends again when the pending write never reached the remote', async () => {
    const remote = fakeRemote();
    await expect(performOnce(once(), remote.options('c', { failBeforeSend: true }))).rejects.toThrow();
    expect((await performOnce(once(), remote.options('c'))).status).toBe('sent');
    expect(remote.sent).toEqual(['c']);
    const intent = await findIntent(store.db, { connectionId: 'us', operation: 'confirmShipment', key: 'c' });
    expect(intent).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('records a definite refusal as rejected', async () => {
    const remote = fakeRemote();
    await expect(performOnce(once(), remote.options('d', { failBeforeSend: true }))).rejects.toThrow();
    await rejectIntent(
      once(),
      { connectionId: 'us', operation: 'confirmShipment', key: 'd' },
      'invalid carrier',
    );
    const intent = await findIntent(store.db, { connectionId: 'us', operation: 'confirmShipment', key: 'd' });
    expect(intent?.state).toBe('rejected');
    expect(openIntentValue(store.sealer, intent!.result)).toEqual({ reason: 'invalid carrier' });
    expect(intent!.request).not.toContain('"key"'); // sealed at rest
  });

  it("commits the caller's record with the intent's resolution: both or neither", async () => {
    const remote = fakeRemote();
    const recorded: string[] = [];
    const record = async (_tx: unknown, outcome: { status: string }) => {
      if (recorded.length === 0) {
        recorded.push(`failed ${outcome.status}`);
        throw new Error('the record could not be written');
      }
      recorded.push(outcome.status);
    };
    // Sent, but the transaction that would mark it done (with the record) rolls back: still pending.
    await expect(performOnce(once(), { ...remote.options('r'), record })).rejects.toThrow(
      'could not be written',
    );
    const key = { connectionId: 'us', operation: 'confirmShipment', key: 'r' };
    expect((await findIntent(store.db, key))?.state).toBe('pending');
    // The next attempt finds it on the remote, resolves it and records it — without sending again.
    expect((await performOnce(once(), { ...remote.options('r'), record })).status).toBe('reconciled');
    expect((await findIntent(store.db, key))?.state).toBe('done');
    // Found done later, the record is written again (it is the caller's to keep idempotent).
    expect((await performOnce(once(), { ...remote.options('r'), record })).status).toBe('already-done');
    expect(recorded).toEqual(['failed sent', 'reconciled', 'already-done']);
    expect(remote.sent).toEqual(['r']);
  });
});
