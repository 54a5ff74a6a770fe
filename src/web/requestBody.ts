/**
 * Reads a request's body once, up to a size limit, for everything under /api: every body there is a
 * few fields of JSON, and sign-in is open to anyone who can reach the port, so the cap comes before
 * authentication. The body is read from the request's stream however it arrives — with a
 * Content-Length, chunked, or empty as DELETE and OPTIONS send it — and kept as text for the
 * validators (Hono's body cache), so nothing rebuilds the request object. (Hono's bodyLimit did, and
 * the Node server's own request objects cannot be rebuilt: every chunked body was answered 500.)
 * Bytes that are not UTF-8 are refused here, before any text reaches a schema or the database.
 */
import type { MiddlewareHandler } from 'hono';
import { HttpError, badRequest } from './httpError.ts';

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'bad_request', `the body is larger than ${maxBytes / 1024} KiB`);
}

/** The body's bytes, or a 413 as soon as they pass `maxBytes` (the rest is never read). */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

export function readBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (raw.body === null) return next();
    const declared = Number(raw.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw tooLarge(maxBytes);
    const bytes = await readCapped(raw.body, maxBytes);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw badRequest('invalid body', ['(body): not valid UTF-8']);
    }
    // Hono keeps each body form as a promise in bodyCache (its type says otherwise): c.req.text(),
    // c.req.json() and the validators read this one.
    (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
    return next();
  };
}
