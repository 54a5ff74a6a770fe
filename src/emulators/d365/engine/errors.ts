// F&O's error bodies. Every refusal the engine makes is an `ODataFault` (behaviour.ts) whose `kind` says
// which of F&O's shapes it takes: a write failure (AxODataWriteException, with the Infolog text in
// `innererror.message` and the outer message always "An error has occurred."), an invalid URI query
// (ODataException), an unreadable payload, or a plain `{"error":{"code":"","message":…}}`.
import { ODataFault } from './behaviour.ts';

export const WRITE_EXCEPTION = 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException';
const ODATA_EXCEPTION = 'Microsoft.OData.ODataException';

export type FaultKind = 'write' | 'query' | 'payload' | 'plain';

/** An engine refusal with the F&O error shape it renders as. */
export class EngineFault extends ODataFault {
  constructor(
    status: number,
    message: string,
    readonly kind: FaultKind,
    details: string[] = [],
  ) {
    super(status, message, details);
    this.name = 'EngineFault';
  }
}

/** A `$filter`/`$select`/… problem: 400 "The query specified in the URI is not valid. …". */
export const queryFault = (message: string) => new EngineFault(400, message, 'query');
/** A body F&O's OData layer cannot read (unknown property, wrong type): 400 before any business rule. */
export const payloadFault = (message: string) => new EngineFault(400, message, 'payload');
/** A write the F&O business logic refuses (duplicate key, invalid enum value, …). */
export const writeFault = (message: string, details: string[] = []) =>
  new EngineFault(400, message, 'write', details);
export const notFound = (segment: string) =>
  new EngineFault(404, `Resource not found for the segment '${segment}'.`, 'plain');

export interface RenderedError {
  status: number;
  body: unknown;
}

/**
 * Renders any error thrown while handling a request. `writeStatus` is the status of a write failure on this
 * call: configurable for direct calls (400 or 500 — unconfirmed on real F&O), 500 inside a change set.
 */
export function renderError(
  error: unknown,
  options: { writing: boolean; writeStatus: number },
): RenderedError {
  if (error instanceof EngineFault) return renderFault(error, error.kind, options);
  // A business rule's refusal: during a write it is F&O's Infolog, otherwise a plain message.
  if (error instanceof ODataFault) return renderFault(error, options.writing ? 'write' : 'plain', options);
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: {
      error: { code: '', message: 'An error has occurred.', innererror: inner(message, 'System.Exception') },
    },
  };
}

function renderFault(fault: ODataFault, kind: FaultKind, options: { writeStatus: number }): RenderedError {
  switch (kind) {
    case 'write': {
      const innererror: Record<string, unknown> = inner(fault.message, WRITE_EXCEPTION);
      if (fault.details.length > 0)
        innererror.internalexception = inner(
          fault.details.join('\n'),
          'Microsoft.Dynamics.Ax.Xpp.ErrorException',
        );
      return {
        status: fault.status === 400 ? options.writeStatus : fault.status,
        body: { error: { code: '', message: 'An error has occurred.', innererror } },
      };
    }
    case 'query':
      return {
        status: fault.status,
        body: {
          error: {
            code: '',
            message: `The query specified in the URI is not valid. ${fault.message}`,
            innererror: inner(fault.message, ODATA_EXCEPTION),
          },
        },
      };
    case 'payload':
      return {
        status: fault.status,
        body: {
          error: {
            code: '',
            message: 'An error has occurred.',
            innererror: inner(fault.message, ODATA_EXCEPTION),
          },
        },
      };
    case 'plain':
      return { status: fault.status, body: { error: { code: '', message: fault.message } } };
  }
}

const inner = (message: string, type: string) => ({ message, type, stacktrace: '' });

/** F&O's service-protection message (resource-based throttling, the mechanism current releases use). */
export const THROTTLE_MESSAGE =
  'This request could not be processed at this time due to system experiencing high resource utilization.';

export const throttledBody = () => ({ error: { code: '', message: THROTTLE_MESSAGE } });
