/**
 * Listings Items API 2021-08-01 for the connection's seller: getListingsItem (every `includedData`),
 * putListingsItem and patchListingsItem (each also as `mode: 'VALIDATION_PREVIEW'`, which validates and
 * stores nothing), deleteListingsItem. The SKU is URL-encoded in the path, as Amazon requires.
 *
 * A submission answers ACCEPTED / INVALID / VALID with its issues; ACCEPTED means queued, not live: a
 * read right after it may still show the old listing, and problems found later appear in the listing's
 * issues. PUT, PATCH and DELETE are never repeated once the request may have reached Amazon: a lost
 * answer ends in a ConnectorError with `context.outcomeUnknown`, and the caller reconciles by reading
 * the listing (`getListingsItem` with `attributes`), never by sending again blindly. A VALIDATION_PREVIEW
 * changes nothing and is retried like a read.
 *
 * Given the product type's schema (`validateWith`), put and patch check the attributes first and refuse
 * with every problem and its attribute path instead of spending a request: a PUT against the ENFORCED
 * schema, a PATCH against the NOT_ENFORCED one (a patch carries only what changes).
 */
import { ConnectorError } from '../../errors.ts';
import type { AmazonClient, CallOptions } from '../client.ts';
import type { ListingFinding, ListingValidator } from '../productTypes/listingValidator.ts';
import {
  listingRequestLists,
  listingsItem,
  listingsItemPatchRequest,
  listingsItemPutRequest,
  submissionResponse,
  type ListingIncludedData,
  type ListingsItem,
  type PatchOperation,
  type Requirements,
  type SubmissionIncludedData,
  type SubmissionResponse,
} from './schemasListings.ts';

export interface GetListingsItemParams {
  /** Default: all of the connection's marketplaces. */
  marketplaceIds?: readonly string[];
  /** Default (Amazon's): summaries. */
  includedData?: ListingIncludedData[];
  issueLocale?: string;
}

export interface SubmissionParams {
  /** PUT and DELETE take exactly one marketplace; default: the connection's first. */
  marketplaceId?: string;
  mode?: 'VALIDATION_PREVIEW';
  /** Default (Amazon's): issues. */
  includedData?: SubmissionIncludedData[];
  issueLocale?: string;
  /** The product type's schema (ENFORCED for a PUT, NOT_ENFORCED for a PATCH): checked before sending. */
  validateWith?: { validator: ListingValidator; schema: object };
}

export interface PutListingsItemBody {
  productType: string;
  requirements?: Requirements;
  attributes: Record<string, unknown>;
}

export const listingPath = (client: AmazonClient, sku: string) =>
  `/listings/2021-08-01/items/${encodeURIComponent(client.sellingPartnerId)}/${encodeURIComponent(sku)}`;

export function refuse(operation: string, message: string): ConnectorError {
  return new ConnectorError('config', `${operation}: ${message}`, { retryable: false });
}

function checkLists(operation: string, lists: object): void {
  const result = listingRequestLists.safeParse(lists);
  if (!result.success)
    throw refuse(operation, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
}

function invalidAttributes(operation: string, sku: string, findings: ListingFinding[]): void {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  const problems = errors.map((f) => `${f.path}: ${f.message}`);
  throw new ConnectorError(
    'data',
    `The attributes of SKU ${sku} do not satisfy the product type: ${problems.join('; ')}`,
    {
      retryable: false,
      context: { operation, sku, problems },
    },
  );
}

export async function getListingsItem(
  client: AmazonClient,
  sku: string,
  params: GetListingsItemParams = {},
  options: CallOptions = {},
): Promise<ListingsItem> {
  checkLists('getListingsItem', { includedData: params.includedData });
  const { data } = await client.call(
    {
      operation: 'listings.getListingsItem',
      path: listingPath(client, sku),
      query: {
        marketplaceIds: params.marketplaceIds ?? client.marketplaceIds,
        includedData: params.includedData,
        issueLocale: params.issueLocale,
      },
      schema: listingsItem,
    },
    options,
  );
  return data;
}

function submissionQuery(client: AmazonClient, params: SubmissionParams, marketplaceIds: readonly string[]) {
  checkLists('listings submission', { submissionIncludedData: params.includedData });
  return {
    marketplaceIds,
    includedData: params.includedData,
    mode: params.mode,
    issueLocale: params.issueLocale,
  };
}

export async function putListingsItem(
  client: AmazonClient,
  sku: string,
  body: PutListingsItemBody,
  params: SubmissionParams = {},
  options: CallOptions = {},
): Promise<SubmissionResponse> {
  const parsed = listingsItemPutRequest.safeParse(body);
  if (!parsed.success)
    throw refuse(
      'putListingsItem',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  if (params.validateWith)
    invalidAttributes(
      'putListingsItem',
      sku,
      params.validateWith.validator.validate(params.validateWith.schema, body.attributes),
    );
  const preview = params.mode === 'VALIDATION_PREVIEW';
  const { data } = await client.call(
    {
      operation: 'listings.putListingsItem',
      path: listingPath(client, sku),
      query: submissionQuery(client, params, [params.marketplaceId ?? client.marketplaceIds[0]!]),
      body: parsed.data,
      schema: submissionResponse,
      idempotent: preview,
    },
    options,
  );
  return data;
}

export interface PatchListingsItemParams extends Omit<SubmissionParams, 'marketplaceId'> {
  /** Default: the connection's first marketplace. */
  marketplaceIds?: readonly string[];
}

export async function patchListingsItem(
  client: AmazonClient,
  sku: string,
  body: { productType: string; patches: PatchOperation[] },
  params: PatchListingsItemParams = {},
  options: CallOptions = {},
): Promise<SubmissionResponse> {
  const parsed = listingsItemPatchRequest.safeParse(body);
  if (!parsed.success)
    throw refuse(
      'patchListingsItem',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  if (params.validateWith) {
    // What the patch sends, as attributes: checked against the NOT_ENFORCED schema.
    const sent: Record<string, unknown> = {};
    for (const p of parsed.data.patches)
      if (p.op !== 'delete' && p.value) sent[p.path.slice('/attributes/'.length)] = p.value;
    invalidAttributes(
      'patchListingsItem',
      sku,
      params.validateWith.validator.validate(params.validateWith.schema, sent),
    );
  }
  const { data } = await client.call(
    {
      operation: 'listings.patchListingsItem',
      path: listingPath(client, sku),
      query: submissionQuery(client, params, params.marketplaceIds ?? [client.marketplaceIds[0]!]),
      body: parsed.data,
      schema: submissionResponse,
      idempotent: params.mode === 'VALIDATION_PREVIEW',
    },
    options,
  );
  return data;
}

export async function deleteListingsItem(
  client: AmazonClient,
  sku: string,
  params: { marketplaceId?: string; issueLocale?: string } = {},
  options: CallOptions = {},
): Promise<SubmissionResponse> {
  const { data } = await client.call(
    {
      operation: 'listings.deleteListingsItem',
      path: listingPath(client, sku),
      query: {
        marketplaceIds: [params.marketplaceId ?? client.marketplaceIds[0]!],
        issueLocale: params.issueLocale,
      },
      schema: submissionResponse,
      idempotent: false,
    },
    options,
  );
  return data;
}
