/**
 * The Amazon emulator processing one JSON_LISTINGS_FEED of BENCH_FEEDS_EMULATOR_MESSAGES (25,000)
 * messages — the offer feed the connector sends: per SKU a PATCH of price and quantity — in process
 * through `app.request`, with the emulator's clock stepped by hand so each phase runs on its own: the
 * upload to the document URL, the start (every message checked and submitted through the listings
 * engine), the end (the processing report written), the download, and the apply of the accepted messages
 * five Amazon minutes later. Wall and CPU time and RSS per phase; the feed's Amazon processing time.
 *
 * With `skus` below the message count, message i goes to SKU i mod skus: several messages for one SKU in
 * one feed (BENCH_FEEDS_EMULATOR_REPEATED_SKUS), each building on the one before it.
 */
import { gunzipSync } from 'node:zlib';
import { mib, offerPatch, phaseTimer, US, type Phase } from './feedsBenchParts.ts';
import { demoCatalogue } from '../src/demo/demoCatalogue.ts';
import { createAmazonEmulator } from '../src/emulators/amazon/app.ts';
import { DEFAULT_PROCESSING } from '../src/emulators/amazon/feeds/feedTypes.ts';

export interface FeedsEmulatorFigures {
  messages: number;
  /** Distinct SKUs the messages go to (= messages when each SKU is in the feed once). */
  skus: number;
  documentMiB: number;
  phases: Phase[];
  reportBytes: number;
  reportCompressed: boolean;
  accepted: number;
  amazonMinutes: number;
}

export async function feedsEmulatorBench(
  messages: number,
  skus: number = messages,
): Promise<FeedsEmulatorFigures> {
  let now = Date.parse('2026-03-02T12:00:00Z');
  const emulator = createAmazonEmulator({ seed: 'none', now: () => now });
  const { app, context: ctx, listings: engine } = emulator;
  const sellerId = ctx.sellerId;
  const template = engine.get(sellerId, 'DEMO-HP')!;
  ctx.tables.atomically(() => {
    for (let i = 0; i < skus; i++) engine.save({ ...template, sku: `BENCH-${i}` });
  });

  const { lwa } = demoCatalogue().seller;
  const grant = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: lwa.refreshToken,
    client_id: lwa.clientId,
    client_secret: lwa.clientSecret,
  });
  const token = (
    (await (await app.request('/auth/o2/token', { method: 'POST', body: grant })).json()) as {
      access_token: string;
    }
  ).access_token;
  const call = async (path: string, body?: unknown) => {
    const res = await app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, string>;
  };

  const { phases, phase } = phaseTimer();

  const contentType = 'application/json; charset=UTF-8';
  const document = JSON.stringify({
    header: { sellerId, version: '2.0' },
    messages: Array.from({ length: messages }, (_, i) => ({
      messageId: i + 1,
      ...offerPatch(`BENCH-${i % skus}`, i),
    })),
  });

  const feedId = await phase('upload', async () => {
    const doc = await call('/feeds/2021-06-30/documents', { contentType });
    await app.request(doc.url!, { method: 'PUT', headers: { 'content-type': contentType }, body: document });
    return (
      await call('/feeds/2021-06-30/feeds', {
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [US],
        inputFeedDocumentId: doc.feedDocumentId,
      })
    ).feedId!;
  });
  now += DEFAULT_PROCESSING.feedQueueMs;
  const started = await phase('process', () => call(`/feeds/2021-06-30/feeds/${feedId}`));
  if (started.processingStatus !== 'IN_PROGRESS') throw new Error(`feed is ${started.processingStatus}`);
  const sim = (await (await app.request(`/_sim/feeds/${feedId}`)).json()) as {
    timings: { plannedEnd: string };
  };
  now = Date.parse(sim.timings.plannedEnd);
  const done = await phase('report', () => call(`/feeds/2021-06-30/feeds/${feedId}`));
  const { meta, bytes, report } = await phase('download', async () => {
    const meta = await call(`/feeds/2021-06-30/documents/${done.resultFeedDocumentId}`);
    const bytes = Buffer.from(await (await app.request(meta.url!)).arrayBuffer());
    const plain = meta.compressionAlgorithm === 'GZIP' ? gunzipSync(bytes) : bytes;
    return {
      meta,
      bytes,
      report: JSON.parse(plain.toString('utf8')) as { summary: { messagesAccepted: number } },
    };
  });
  now += 5 * 60_000;
  await phase('apply', () => call(`/listings/2021-08-01/items/${sellerId}/BENCH-0?marketplaceIds=${US}`));
  emulator.close();
  return {
    messages,
    skus,
    documentMiB: mib(Buffer.byteLength(document)),
    phases,
    reportBytes: bytes.length,
    reportCompressed: meta.compressionAlgorithm === 'GZIP',
    accepted: report.summary.messagesAccepted,
    amazonMinutes: (Date.parse(done.processingEndTime!) - Date.parse(done.createdTime!)) / 60_000,
  };
}

/**
 * The Markdown table and the `name: key=value …` lines of one run; a run with repeated SKUs names its
 * lines `feeds-emulator-repeated…` and says how many SKUs.
 */
export function feedsEmulatorTable(f: FeedsEmulatorFigures): { table: string[][]; lines: string[] } {
  const ms = (n: number) => n.toFixed(0);
  const repeated = f.skus < f.messages;
  const name = repeated ? 'feeds-emulator-repeated' : 'feeds-emulator';
  const counts = `messages=${f.messages}${repeated ? ` skus=${f.skus}` : ''}`;
  const feed = `${f.messages.toLocaleString('en-US')}-message JSON_LISTINGS_FEED`;
  const table = [
    [
      `phase (${feed}${repeated ? ` over ${f.skus} SKUs` : ''}, emulator in process)`,
      'wall ms',
      'CPU ms',
      'RSS after, MiB',
    ],
    ...f.phases.map((p) => [p.name, ms(p.wallMs), ms(p.cpuMs), p.rssMiB.toFixed(0)]),
  ];
  const lines = f.phases.map(
    (p) =>
      `${name}-${p.name}: ${counts} wallMs=${ms(p.wallMs)} cpuMs=${ms(p.cpuMs)} rssMiB=${p.rssMiB.toFixed(0)}`,
  );
  lines.push(
    `${name}: ${counts} documentMiB=${f.documentMiB.toFixed(2)} accepted=${f.accepted} ` +
      `reportBytes=${f.reportBytes} reportGzip=${f.reportCompressed} amazonMinutes=${f.amazonMinutes.toFixed(1)}`,
  );
  return { table, lines };
}
