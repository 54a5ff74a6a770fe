/**
 * Uploads and downloads of feed and report documents at their presigned URLs, against a fake fetch: the
 * upload repeats the declared content type and sends UTF-8 bytes, a 5xx is retried, an S3 refusal is
 * final and names its code — and neither the exchange log nor an error ever shows the URL's query,
 * which holds the signature and the credential of the presigned URL.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isConnectorError } from '../errors.ts';
import { createLogger } from '../log/logger.ts';
import { downloadDocument, openDocument, type DownloadDeps } from './documentDownload.ts';
import { uploadDocument } from './documentUpload.ts';

const SIGNATURE = 'f00dfeed0123456789abcdef';
const CREDENTIAL = 'AKIAEXAMPLE%2F20260302%2Fus-east-1%2Fs3%2Faws4_request';
const URL_ =
  'https://tortuga-prod-na.s3-external-1.amazonaws.com/NinetyDays/amzn1.tortuga.4.na.abc.T1' +
  `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${CREDENTIAL}&X-Amz-Signature=${SIGNATURE}`;

interface Sent {
  method: string;
  contentType: string | null;
  body: string;
}

function setup(answers: Array<() => Response>) {
  const lines: string[] = [];
  const sent: Sent[] = [];
  const fake = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const body = init?.body ? new TextDecoder().decode(init.body as Uint8Array) : '';
    sent.push({ method: init?.method ?? 'GET', contentType: headers.get('content-type'), body });
    const next = answers.shift();
    if (!next) throw new Error('no answer left');
    return next();
  };
  const deps: DownloadDeps = {
    fetch: fake as typeof fetch,
    log: createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    }),
    userAgent: 'test',
    sleep: async () => undefined,
    random: () => 0,
  };
  return { deps, lines, sent };
}

const s3Error = (status: number, code: string) =>
  new Response(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`, {
    status,
    headers: { 'content-type': 'application/xml' },
  });

describe('document transfers at presigned URLs', () => {
  it('uploads UTF-8 bytes with the declared content type, a 503 retried, and logs the path only', async () => {
    const { deps, lines, sent } = setup([() => s3Error(503, 'SlowDown'), () => new Response(null)]);
    await uploadDocument(deps, {
      url: URL_,
      contentType: 'application/json; charset=UTF-8',
      body: '{"sku":"Café"}',
    });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({
      method: 'PUT',
      contentType: 'application/json; charset=UTF-8',
      body: '{"sku":"Café"}',
    });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.at(-1)).toMatchObject({
      operation: 'documents.upload',
      path: '/NinetyDays/amzn1.tortuga.4.na.abc.T1',
      attempts: 2,
      status: 200,
    });
    expect(lines.join('')).not.toContain(SIGNATURE);
    expect(lines.join('')).not.toContain('AKIAEXAMPLE');
  });

  it('an expired URL is a final refusal naming the S3 code, with no signature in the error or log', async () => {
    const { deps, lines, sent } = setup([() => s3Error(403, 'AccessDenied')]);
    const error = await downloadDocument(deps, URL_).catch((e: unknown) => e);
    expect(sent).toHaveLength(1);
    expect(isConnectorError(error)).toBe(true);
    if (!isConnectorError(error)) return;
    expect(error.message).toContain('AccessDenied');
    expect(error.message).toContain('ask for the document again');
    const shown = JSON.stringify({ message: error.message, context: error.context }) + lines.join('');
    expect(shown).not.toContain(SIGNATURE);
    expect(shown).not.toContain('AKIAEXAMPLE');
    expect(shown).not.toContain('X-Amz');
  });

  it('a lost connection, retried to the end, leaves no URL query in the error or log', async () => {
    const lost = () => {
      throw new TypeError(`fetch failed for ${URL_}`, {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    };
    const { deps, lines } = setup(Array.from({ length: 10 }, () => lost));
    const error = await downloadDocument(deps, URL_).catch((e: unknown) => e);
    expect(isConnectorError(error)).toBe(true);
    if (!isConnectorError(error)) return;
    const shown = JSON.stringify({ message: error.message, context: error.context }) + lines.join('');
    expect(shown).not.toContain(SIGNATURE);
    expect(shown).not.toContain('X-Amz');
  });
});

describe('a streamed document download', () => {
  it('times out while no headers come, but not while the caller reads the body', async () => {
    const hanging = (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { deps } = setup([]);
    const silent = { ...deps, fetch: hanging as typeof fetch, timeoutMs: 20 };
    const error = await openDocument(silent, URL_).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.message).toMatch(/ABORT_TIMEOUT/);

    // Headers at once, the body later than the timeout: the stream is still whole.
    let signal: AbortSignal | undefined;
    const slowBody = (_url: string | URL | Request, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 60));
          controller.enqueue(new TextEncoder().encode('seller-sku\nA\n'));
          controller.close();
        },
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/plain' } }));
    };
    const res = await openDocument({ ...deps, fetch: slowBody as typeof fetch, timeoutMs: 20 }, URL_);
    expect(await res.text()).toBe('seller-sku\nA\n');
    expect(signal?.aborted).toBe(false);
  });
});
