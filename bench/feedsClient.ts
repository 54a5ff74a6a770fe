/**
 * The Amazon client's side of bulk listing updates: BENCH_FEEDS_CLIENT_MESSAGES (100,000) price-and-stock
 * PATCH messages — the offer feed the connector sends — built into JSON_LISTINGS_FEED documents (split at
 * 25,000 messages or 10 MiB), uploaded and submitted through the real client over HTTP on 127.0.0.1 (the
 * feed budget kept), and their processing reports downloaded and read back per message. Wall and CPU
 * time and RSS per phase. The emulator runs in this process, behind its own port; its share is the
 * server side of each exchange (storing an upload, serving a report) — its processing of the feeds sits
 * between the phases and is not counted (bench/feedsEmulator.ts measures it).
 */
import { createAmazonClient } from '../src/amazon/client.ts';
import { CONTENT_TYPES, downloadFeedDocument, uploadFeedContent } from '../src/amazon/feeds/feedDocuments.ts';
import { createFeed, getFeed } from '../src/amazon/feeds/feeds.ts';
import { buildListingsFeeds } from '../src/amazon/feeds/listingsFeedBuilder.ts';
import { readListingsFeedReport } from '../src/amazon/feeds/listingsFeedReport.ts';
import { demoCatalogue } from '../src/demo/demoCatalogue.ts';
import { createAmazonEmulator } from '../src/emulators/amazon/app.ts';
import { serveEmulator } from '../src/emulators/shared/serveEmulator.ts';
import { createMemoryBucketStore } from '../src/http/memoryBucketStore.ts';
import { createLogger } from '../src/log/logger.ts';
import { mib, offerPatch, phaseTimer, US, type Phase } from './feedsBenchParts.ts';

const TIME_SCALE = 100;

export type FeedsClientPhase = Phase;

export interface FeedsClientFigures {
  messages: number;
  documents: number;
  documentsMiB: number;
  accepted: number;
  invalid: number;
  phases: FeedsClientPhase[];
}

export async function feedsClientBench(messages: number): Promise<FeedsClientFigures> {
  let offset = 0;
  const emulator = createAmazonEmulator({
    seed: 'none',
    timeScale: TIME_SCALE,
    now: () => Date.now() + offset,
    // An hour in the queue (36 s at this time scale): no feed starts while the client is still uploading,
    // so the upload phase holds no processing; the wait below moves the clock past it.
    processing: { feedQueueMs: 3_600_000, feedBaseMs: 2_000, feedPerMessageMs: 1 },
  });
  const { context: ctx, listings: engine } = emulator;
  const template = engine.get(ctx.sellerId, 'DEMO-HP')!;
  ctx.tables.atomically(() => {
    for (let i = 0; i < messages; i++) engine.save({ ...template, sku: `BENCH-${i}` });
  });
  const served = await serveEmulator(emulator.app);
  const { seller, marketplaces } = demoCatalogue();
  const client = createAmazonClient({
    connection: {
      sellingPartnerId: seller.sellingPartnerId,
      region: seller.region,
      marketplaces: marketplaces.map((m) => ({ id: m.id, legalEntity: m.legalEntity })),
      endpoint: served.url,
      tokenEndpoint: `${served.url}/auth/o2/token`,
      lwaClientId: seller.lwa.clientId,
      lwaClientSecret: seller.lwa.clientSecret,
      refreshToken: seller.lwa.refreshToken,
    },
    timeScale: TIME_SCALE,
    bucketStore: createMemoryBucketStore(),
    log: createLogger({ level: 'silent' }),
  });

  const { phases, phase } = phaseTimer();

  try {
    const built = await phase('build', () =>
      buildListingsFeeds(
        { sellerId: client.sellingPartnerId },
        Array.from({ length: messages }, (_, i) => ({ record: i, message: offerPatch(`BENCH-${i}`, i) })),
      ),
    );
    const feedIds = await phase('upload', async () => {
      const ids: string[] = [];
      for (const document of built.documents) {
        const inputFeedDocumentId = await uploadFeedContent(client, document.content, CONTENT_TYPES.json);
        ids.push(
          await createFeed(client, {
            feedType: 'JSON_LISTINGS_FEED',
            inputFeedDocumentId,
            marketplaceIds: [US],
          }),
        );
      }
      return ids;
    });
    // The emulator's processing, not measured: its clock moved on until every feed is DONE.
    const resultIds: string[] = [];
    for (const feedId of feedIds)
      for (;;) {
        const feed = await getFeed(client, feedId);
        if (feed.processingStatus === 'DONE') {
          resultIds.push(feed.resultFeedDocumentId!);
          break;
        }
        if (feed.processingStatus !== 'IN_QUEUE' && feed.processingStatus !== 'IN_PROGRESS')
          throw new Error(`feed ${feedId} ended ${feed.processingStatus}`);
        offset += 60_000;
      }
    const reports = await phase('download', () =>
      Promise.all(resultIds.map((id) => downloadFeedDocument(client, id))),
    );
    const outcomes = await phase('parse', () =>
      reports.map((text, i) => readListingsFeedReport(text, built.documents[i]!)),
    );
    const all = outcomes.flatMap((o) => o.messages);
    return {
      messages,
      documents: built.documents.length,
      documentsMiB: mib(built.documents.reduce((n, d) => n + d.bytes, 0)),
      accepted: all.filter((m) => m.status === 'ACCEPTED').length,
      invalid: all.filter((m) => m.status === 'INVALID').length,
      phases,
    };
  } finally {
    await served.close();
    emulator.close();
  }
}

export function feedsClientTable(f: FeedsClientFigures): { table: string[][]; lines: string[] } {
  const table = [
    [
      `client: ${f.messages.toLocaleString('en-US')} listings messages (${f.documents} feeds, ${f.documentsMiB.toFixed(1)} MiB)`,
      'wall ms',
      'CPU ms',
      'RSS MiB',
    ],
    ...f.phases.map((p) => [p.name, p.wallMs.toFixed(0), p.cpuMs.toFixed(0), p.rssMiB.toFixed(0)]),
  ];
  const lines = f.phases.map(
    (p) =>
      `feeds-client-${p.name}: messages=${f.messages} documents=${f.documents} wallMs=${p.wallMs.toFixed(0)} ` +
      `cpuMs=${p.cpuMs.toFixed(0)} rssMiB=${p.rssMiB.toFixed(0)}`,
  );
  lines.push(`feeds-client-outcome: messages=${f.messages} accepted=${f.accepted} invalid=${f.invalid}`);
  return { table, lines };
}
