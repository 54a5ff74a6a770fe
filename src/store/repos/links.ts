/**
 * Links between a remote's external id (an Amazon order id, a SKU) and the D365 record it became,
 * per entity kind. A write is idempotent by external id: look the link up first, create only when absent.
 */
import type { Queryable } from '../db.ts';

export interface Link {
  connectionId: string;
  entityKind: string;
  externalId: string;
  d365Id: string;
  dataAreaId: string;
  contentHash: string | null;
}

interface LinkRow {
  connection_id: string;
  entity_kind: string;
  external_id: string;
  d365_id: string;
  data_area_id: string;
  content_hash: string | null;
}

const toLink = (r: LinkRow): Link => ({
  connectionId: r.connection_id,
  entityKind: r.entity_kind,
  externalId: r.external_id,
  d365Id: r.d365_id,
  dataAreaId: r.data_area_id,
  contentHash: r.content_hash,
});

export async function findLink(
  q: Queryable,
  connectionId: string,
  entityKind: string,
  externalId: string,
): Promise<Link | undefined> {
  const { rows } = await q.query<LinkRow>(
    'SELECT * FROM links WHERE connection_id = $1 AND entity_kind = $2 AND external_id = $3',
    [connectionId, entityKind, externalId],
  );
  return rows[0] && toLink(rows[0]);
}

export async function findLinkByD365Id(
  q: Queryable,
  connectionId: string,
  entityKind: string,
  dataAreaId: string,
  d365Id: string,
): Promise<Link | undefined> {
  const { rows } = await q.query<LinkRow>(
    'SELECT * FROM links WHERE connection_id = $1 AND entity_kind = $2 AND data_area_id = $3 AND d365_id = $4',
    [connectionId, entityKind, dataAreaId, d365Id],
  );
  return rows[0] && toLink(rows[0]);
}

export async function upsertLink(
  q: Queryable,
  link: Omit<Link, 'contentHash'> & { contentHash?: string | null },
) {
  await q.query(
    `INSERT INTO links (connection_id, entity_kind, external_id, d365_id, data_area_id, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (connection_id, entity_kind, external_id) DO UPDATE
       SET d365_id = EXCLUDED.d365_id, data_area_id = EXCLUDED.data_area_id,
           content_hash = EXCLUDED.content_hash, updated_at = now()`,
    [
      link.connectionId,
      link.entityKind,
      link.externalId,
      link.d365Id,
      link.dataAreaId,
      link.contentHash ?? null,
    ],
  );
}

export async function deleteLink(q: Queryable, connectionId: string, entityKind: string, externalId: string) {
  await q.query('DELETE FROM links WHERE connection_id = $1 AND entity_kind = $2 AND external_id = $3', [
    connectionId,
    entityKind,
    externalId,
  ]);
}
