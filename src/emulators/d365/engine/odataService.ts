// The OData service behind `/data`: one synchronous function from a request (method, URL, headers, body) to
// a response, used alike by the HTTP app and by each part of a `$batch`. Being synchronous matters: a
// change set runs start to finish without another request interleaving, so its atomicity is simple.
import type { BehaviourContext, EntityBehaviour } from './behaviour.ts';
import type { DurableEntityStore } from './entityStore.ts';
import { EngineFault, renderError } from './errors.ts';
import type { MetadataModel } from './metadataModel.ts';
import { parseQueryOptions } from './queryOptions.ts';
import { readCollection, readEntity, readNavigation, readProperty } from './readHandler.ts';
import { parseResourcePath } from './resourcePath.ts';
import { JSON_CONTENT_TYPE } from './serialize.ts';
import { createEntity, deleteEntity, updateEntity } from './writeHandler.ts';

export interface ODataRequest {
  method: string;
  /** Absolute URL as the client sent it: links in the answer point back at its origin. */
  url: URL;
  headers: Headers;
  body: string;
  /** Part of a `$batch` change set: a write failure answers 500, as F&O does there. */
  inChangeSet?: boolean;
}

export interface ODataResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export interface EngineContext {
  model: MetadataModel;
  store: DurableEntityStore;
  behaviours: Map<string, EntityBehaviour>;
  defaultCompany: string;
  pageSize: number;
  writeErrorStatus: 400 | 500;
  context(company: string): BehaviourContext;
  /** The `$metadata` document (built once). */
  csdl(): string;
}

export const ODATA_HEADERS = { 'OData-Version': '4.0' };

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ODataResponse {
  return {
    status,
    headers: { ...ODATA_HEADERS, 'Content-Type': JSON_CONTENT_TYPE, ...headers },
    body: JSON.stringify(body),
  };
}

export const serviceRootOf = (url: URL) => `${url.origin}/data`;

export function handleOData(engine: EngineContext, request: ODataRequest): ODataResponse {
  const method = request.method.toUpperCase();
  const writing = method !== 'GET' && method !== 'HEAD';
  try {
    const path = parseResourcePath(request.url.pathname.replace(/^\/data/, ''), engine.model);
    switch (path.kind) {
      case 'serviceDocument':
        requireMethod(method, ['GET']);
        return jsonResponse(200, {
          '@odata.context': `${serviceRootOf(request.url)}/$metadata`,
          value: engine.model.sets.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
        });
      case 'metadata':
        requireMethod(method, ['GET']);
        return {
          status: 200,
          headers: { ...ODATA_HEADERS, 'Content-Type': 'application/xml; charset=utf-8' },
          body: engine.csdl(),
        };
      case 'batch':
        throw new EngineFault(400, 'A $batch request cannot be nested inside another batch.', 'plain');
      case 'collection': {
        if (method === 'POST' && !path.count) return createEntity(engine, path.set, request);
        requireMethod(method, ['GET']);
        const options = parseQueryOptions(request.url.searchParams, path.set, engine.model);
        return readCollection(engine, path.set, options, request, path.count);
      }
      case 'entity': {
        const options = parseQueryOptions(request.url.searchParams, path.set, engine.model);
        if (method === 'GET') return readEntity(engine, path.set, path.key, options, request);
        if (method === 'PATCH' || method === 'MERGE' || method === 'PUT')
          return updateEntity(
            engine,
            path.set,
            path.key,
            request,
            method === 'PUT' ? 'put' : 'patch',
            options,
          );
        if (method === 'DELETE') return deleteEntity(engine, path.set, path.key, request, options);
        throw methodNotAllowed(method);
      }
      case 'property':
        requireMethod(method, ['GET']);
        return readProperty(
          engine,
          path,
          parseQueryOptions(request.url.searchParams, path.set, engine.model),
          request,
        );
      case 'navigation': {
        requireMethod(method, ['GET']);
        const shaped = path.nav.many ? engine.model.set(path.nav.target)! : path.set;
        const options = parseQueryOptions(request.url.searchParams, shaped, engine.model);
        return readNavigation(engine, path, options, request);
      }
    }
  } catch (error) {
    const status = request.inChangeSet ? 500 : engine.writeErrorStatus;
    const rendered = renderError(error, { writing, writeStatus: status });
    return jsonResponse(rendered.status, rendered.body);
  }
}

const methodNotAllowed = (method: string) =>
  new EngineFault(405, `The requested resource does not support http method '${method}'.`, 'plain');

function requireMethod(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw methodNotAllowed(method);
}
