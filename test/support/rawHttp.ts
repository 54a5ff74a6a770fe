/**
 * HTTP requests exactly as a client puts them on the wire, for tests of the web API over a real
 * socket: chunked bodies, methods with empty bodies, raw paths. `fetch` normalises too much for that
 * (it sends a Content-Length it computed and refuses some methods and headers), and the in-process
 * `app.request` skips the Node server's own request object, where transport bugs live.
 */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Sent as is: no normalisation, no encoding. */
  path: string;
  headers?: Record<string, string>;
  /** Each chunk is written separately; with `transfer-encoding: chunked` each becomes one chunk. */
  chunks?: Array<string | Buffer>;
}

export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: r.path,
        headers: r.headers,
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(parts).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of r.chunks ?? []) req.write(chunk);
    req.end();
  });
}
