/**
 * A server-sent events reader for `feed --follow`: turns a response body into events
 * (`event`, `id`, `data` with multi-line data joined), ignoring comments such as keep-alive pings.
 */
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

export function* parseSseBlock(block: string): Generator<SseEvent> {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length > 0) yield { event, id, data: data.join('\n') };
}

/** Events from a stream of text chunks; a block ends at a blank line. */
export async function* readSse(chunks: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    for (;;) {
      const end = /\r?\n\r?\n|\r\r/.exec(buffer);
      if (!end) break;
      const block = buffer.slice(0, end.index);
      buffer = buffer.slice(end.index + end[0].length);
      yield* parseSseBlock(block);
    }
  }
}

export async function* textChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
}
