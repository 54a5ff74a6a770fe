// `POST /data/$batch`: requests outside change sets run independently; a change set runs atomically in one
// store change set — the first failing part rolls back every part before it, and the change set's answer
// is that one failing part (F&O still answers the batch itself with 200). Content-IDs are echoed. `$n`
// Content-ID references are refused: whether F&O resolves them is unconfirmed, so a connector must not
// rely on them.
import type { DurableEntityStore } from './entityStore.ts';
import { EngineFault, renderError } from './errors.ts';
import { type BatchOperation, parseBatch } from './batchParser.ts';
import { jsonResponse, ODATA_HEADERS, type ODataRequest, type ODataResponse } from './odataService.ts';

/** F&O's documented ceiling ("A batch can contain up to 5000 operations"). */
export const MAX_BATCH_OPERATIONS = 5000;

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface BatchContext {
  store: DurableEntityStore;
  /** Runs one part (the app adds throttling and injected faults in front of the OData service). */
  execute(request: ODataRequest): ODataResponse;
}

class ChangeSetFailed extends Error {
  constructor(readonly response: ODataResponse) {
    super('change set failed');
  }
}

const contentIdReference = (op: BatchOperation) =>
  /^\$\d+/.test(op.url) || /"[^"]*@odata\.bind"\s*:\s*"\$\d+/.test(op.body);

export function runBatch(outer: ODataRequest, context: BatchContext): ODataResponse {
  const items = parseBatch(outer.body, outer.headers.get('Content-Type'));
  const operations = items.flatMap((i) => (i.kind === 'operation' ? [i.operation] : i.operations));
  if (operations.length > MAX_BATCH_OPERATIONS)
    throw new EngineFault(400, `A batch can contain up to ${MAX_BATCH_OPERATIONS} operations.`, 'plain');
  for (const item of items) {
    if (item.kind !== 'changeset') continue;
    const get = item.operations.find((op) => op.method === 'GET');
    if (get)
      throw new EngineFault(
        400,
        `An invalid HTTP method '${get.method}' was detected for a request in a change set. Requests in change sets only support the HTTP methods 'POST', 'PUT', 'DELETE', and 'PATCH'.`,
        'plain',
      );
  }
  const toRequest = (op: BatchOperation, inChangeSet: boolean): ODataRequest => {
    const headers = new Headers(op.headers);
    // The batch's credentials and Accept carry over to its parts.
    for (const name of ['Authorization', 'Accept'])
      if (!headers.has(name) && outer.headers.has(name)) headers.set(name, outer.headers.get(name)!);
    return {
      method: op.method,
      url: new URL(op.url, `${outer.url.origin}/data/`),
      headers,
      body: op.body,
      inChangeSet,
    };
  };
  const id = crypto.randomUUID();
  const out: string[] = [];
  for (const item of items) {
    out.push(`--batchresponse_${id}`);
    if (item.kind === 'operation') {
      out.push(...httpPart(context.execute(toRequest(item.operation, false)), item.operation.contentId));
      continue;
    }
    out.push(`Content-Type: multipart/mixed; boundary=changesetresponse_${id}`, '');
    for (const [response, op] of runChangeSet(item.operations, context, toRequest)) {
      out.push(`--changesetresponse_${id}`, ...httpPart(response, op.contentId));
    }
    out.push(`--changesetresponse_${id}--`);
  }
  out.push(`--batchresponse_${id}--`, '');
  return {
    status: 200,
    headers: { ...ODATA_HEADERS, 'Content-Type': `multipart/mixed; boundary=batchresponse_${id}` },
    body: out.join('\r\n'),
  };
}

function runChangeSet(
  operations: BatchOperation[],
  context: BatchContext,
  toRequest: (op: BatchOperation, inChangeSet: boolean) => ODataRequest,
): [ODataResponse, BatchOperation][] {
  const answered: [ODataResponse, BatchOperation][] = [];
  let failing: BatchOperation | undefined;
  try {
    context.store.atomically(() => {
      for (const op of operations) {
        failing = op;
        const response = contentIdReference(op) ? refusedReference() : context.execute(toRequest(op, true));
        if (response.status >= 400) throw new ChangeSetFailed(response);
        answered.push([response, op]);
      }
    });
    return answered;
  } catch (error) {
    if (error instanceof ChangeSetFailed) return [[error.response, failing!]];
    const rendered = renderError(error, { writing: true, writeStatus: 500 });
    return [[jsonResponse(rendered.status, rendered.body), failing!]];
  }
}

const refusedReference = () =>
  jsonResponse(400, {
    error: {
      code: '',
      message:
        "Content-ID references ('$1') are not supported by this emulator: whether Dynamics 365 F&O resolves them is unconfirmed. Send the generated key explicitly instead.",
    },
  });

function httpPart(response: ODataResponse, contentId: string | undefined): string[] {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? 'Unknown'}`);
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  lines.push('', response.body ?? '');
  return lines;
}
