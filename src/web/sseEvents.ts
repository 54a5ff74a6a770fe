/**
 * The reading side of server-sent events: parses a `text/event-stream` body into events as they
 * arrive. The tests read the live-feed stream with it; a Node client (the CLI tailing the feed) can too.
 */
export interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
  /** Comment lines (`: …`), e.g. keep-alives. */
  comments: string[];
}

/** Parses a text/event-stream body into events (comment-only frames included), as they arrive. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  // A CR at the end of a chunk may be the first half of a CRLF: hold it until the next chunk.
  let heldCr = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    const text = heldCr + decoder.decode(chunk, { stream: true });
    heldCr = text.endsWith('\r') ? '\r' : '';
    buffer += (heldCr ? text.slice(0, -1) : text).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { comments: [] };
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) event.comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
          else if (field === 'event' || field === 'id') event[field] = value;
        }
      }
      yield event;
    }
  }
}

/** The next `count` live-feed `entry` events of a stream (keep-alives and other frames skipped). */
export async function nextEntries(events: AsyncGenerator<SseEvent>, count: number): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  while (out.length < count) {
    const { value, done } = await events.next();
    if (done) throw new Error(`the stream ended after ${out.length} of ${count} entries`);
    if (value.event === 'entry') out.push(value);
  }
  return out;
}
