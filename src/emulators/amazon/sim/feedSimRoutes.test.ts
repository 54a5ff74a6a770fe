/**
 * `/_sim/feeds/:id` shows a feed's document as text decoded by its declared charset: a Cp1252 document
 * keeps its "€" and curly quotes (windows-1252, not latin1, which would turn them into control codes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  type AmazonTestKit,
} from '../../../../test/support/amazonEmulatorTestKit.ts';
import { QUICK_PROCESSING, submitFeed } from '../../../../test/support/amazonFeedsKit.ts';
import { encodeWindows1252 } from '../reports/windows1252.ts';

let kit: AmazonTestKit;
afterEach(() => kit?.close());

describe('/_sim/feeds/:id', () => {
  it('decodes a Cp1252 document as windows-1252', async () => {
    kit = startAmazonTestEmulator({ seed: 'none', processing: QUICK_PROCESSING });
    const text = 'sku\tprice\tnote\nA-1\t9.99\t“Café” – 5 €\n';
    const feedId = await submitFeed(
      kit,
      'POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA',
      'text/tab-separated-values; charset=Cp1252',
      encodeWindows1252(text),
    );
    const view = (await kit.sim('GET', `/_sim/feeds/${feedId}`)).body;
    expect(view.document.text).toBe(text);
  });
});
