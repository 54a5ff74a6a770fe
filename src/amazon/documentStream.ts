/**
 * A downloaded document's body as text, streamed: gunzipped when the document says
 * `compressionAlgorithm: GZIP`, decoded by the charset its answer declares (Amazon serves flat-file
 * reports as `text/plain; charset=Cp1252`, not UTF-8: decoding them as UTF-8 would turn every "é" into
 * U+FFFD). Chunks flow through one at a time, so a 100,000-row report never sits in memory whole.
 */
import { TextDecoder } from 'node:util';
import { ConnectorError } from '../errors.ts';

/** The charset of a Content-Type; UTF-8 when none is declared (JSON and XML documents). */
export function declaredCharset(contentType: string | null | undefined): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? 'utf-8';
}

/**
 * A decoder for a declared charset. Amazon names charsets the Java way; the WHATWG labels TextDecoder
 * knows cover them (`Cp1252` is a label of windows-1252, `windows-31j` of Shift_JIS); a few Java names
 * that are not labels are mapped first. An unknown charset is refused rather than guessed.
 */
export function decoderFor(charset: string): TextDecoder {
  const JAVA_NAMES: Record<string, string> = { utf8: 'utf-8', ms932: 'shift_jis', cp932: 'shift_jis' };
  const label = JAVA_NAMES[charset.toLowerCase()] ?? charset;
  try {
    return new TextDecoder(label, { fatal: false });
  } catch (error) {
    throw new ConnectorError(
      'remote',
      `An Amazon document declares a charset this connector cannot read: ${charset}`,
      {
        retryable: false,
        cause: error,
        context: { charset },
      },
    );
  }
}

export interface StreamOptions {
  /** The document's `compressionAlgorithm` (from getFeedDocument / getReportDocument). */
  compressionAlgorithm?: string;
  /** Overrides the charset of the answer's Content-Type. */
  charset?: string;
}

/** The body's bytes, gunzipped when the document was compressed. */
function bytesOf(res: Response, options: StreamOptions): ReadableStream<Uint8Array> {
  if (!res.body) return new ReadableStream({ start: (c) => c.close() });
  if (options.compressionAlgorithm === undefined) return res.body;
  if (options.compressionAlgorithm !== 'GZIP')
    throw new ConnectorError(
      'remote',
      `An Amazon document uses a compression this connector cannot read: ${options.compressionAlgorithm}`,
      { retryable: false },
    );
  return res.body.pipeThrough(
    new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
}

/** The body as decoded text chunks. */
export async function* textChunks(res: Response, options: StreamOptions = {}): AsyncGenerator<string> {
  const decoder = decoderFor(options.charset ?? declaredCharset(res.headers.get('content-type')));
  const reader = bytesOf(res, options).getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      // `stream: true` is needed for more than split characters: Node 20's non-streaming fast path
      // decodes windows-1252 as latin1, turning € and curly quotes into control codes (nodejs/node#56542).
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    // A reader that stops early (a parse error, a caller that has seen enough) closes the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The body as lines (without their CR LF / LF), the last one even when it has no line end. */
export async function* textLines(res: Response, options: StreamOptions = {}): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of textChunks(res, options)) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      yield pending.slice(start, end > start && pending[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending) yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
}

/** The whole body as one string (small documents: a feed's processing report). */
export async function documentText(res: Response, options: StreamOptions = {}): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of textChunks(res, options)) parts.push(chunk);
  return parts.join('');
}
