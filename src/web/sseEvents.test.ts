import { describe, expect, it } from 'vitest';
import { sseEvents, type SseEvent } from './sseEvents.ts';

function bodyOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function all(chunks: string[]): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const event of sseEvents(bodyOf(chunks))) out.push(event);
  return out;
}

describe('sseEvents', () => {
  it('parses events, comments and multi-line data, across chunk boundaries', async () => {
    expect(
      await all([
        ': connected\nretry: 2000\n\nevent: en',
        'try\nid: 7\ndata: {"a":1}\n',
        '\ndata: x\ndata: y\n\n',
      ]),
    ).toEqual([
      { comments: ['connected'] },
      { comments: [], event: 'entry', id: '7', data: '{"a":1}' },
      { comments: [], data: 'x\ny' },
    ]);
  });

  it('accepts CRLF line endings, even split between chunks', async () => {
    expect(await all(['id: 1\r', '\ndata: a\r\n\r', '\n'])).toEqual([{ comments: [], id: '1', data: 'a' }]);
  });
});
