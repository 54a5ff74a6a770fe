// The SSE reader behind `feed --follow`: events split across chunks, multi-line data, comments.
import { describe, expect, it } from 'vitest';
import { readSse } from './sse.ts';

async function* chunks(...parts: string[]) {
  yield* parts;
}

async function collect(...parts: string[]) {
  const events = [];
  for await (const event of readSse(chunks(...parts))) events.push(event);
  return events;
}

describe('readSse', () => {
  it('reads events split across chunks, joins multi-line data and skips comments', async () => {
    const events = await collect(
      ': keep-alive\n\nevent: entry\nid: 7\nda',
      'ta: {"a":1}\n\r\n',
      'data: line one\ndata: line two\n\n',
      'retry: 2000\n\n',
    );
    expect(events).toEqual([
      { event: 'entry', id: '7', data: '{"a":1}' },
      { event: 'message', id: undefined, data: 'line one\nline two' },
    ]);
  });

  it('holds back an incomplete event until its blank line arrives', async () => {
    expect(await collect('event: entry\ndata: x\n')).toEqual([]);
  });
});
