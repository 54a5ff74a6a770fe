/**
 * The product type schema cache in the database: what the client's `getProductTypeSchema` stores there
 * is found again by checksum — by another client too (another process of the deployment) — and a second
 * store of the same checksum keeps the first document.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/support/testDb.ts';
import type { Store } from '../openStore.ts';
import { createDbProductTypeSchemaStore } from './productTypeSchemas.ts';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => store.close());

describe('product type schemas in the database', () => {
  it('are found by checksum, are shared, and are never replaced under the same checksum', async () => {
    // (That it implements the client's port is checked where flows/remotes.ts hands it to the client.)
    const first = createDbProductTypeSchemaStore(store.db);
    const second = createDbProductTypeSchemaStore(store.db);
    expect(await first.get('abc==')).toBeUndefined();
    const schema = { checksum: 'abc==', productType: 'SHIRT', version: 'U1', document: '{"type":"object"}' };
    await first.put(schema);
    expect(await second.get('abc==')).toEqual(schema);
    await second.put({ ...schema, document: '{}' });
    expect((await first.get('abc=='))!.document).toBe('{"type":"object"}');
    await first.put({ ...schema, checksum: 'def==', version: 'U2' });
    expect((await first.get('def=='))!.version).toBe('U2');
  });
});
