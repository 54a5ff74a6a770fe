/**
 * One error type for the whole connector, classified by who must act (DESIGN §4.4):
 * - config: the operator must fix the configuration;
 * - auth: credentials are missing, wrong or revoked;
 * - transient: try again later (network, 5xx, throttling, lost lease);
 * - remote: the remote refused the request and retrying the same request will not help;
 * - data: one record's data or mapping must be fixed by a person (becomes `needs_attention`).
 */
export type ErrorKind = 'config' | 'auth' | 'transient' | 'remote' | 'data';

export interface ConnectorErrorOptions {
  retryable?: boolean;
  context?: Record<string, unknown>;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly context: Record<string, unknown>;

  constructor(kind: ErrorKind, message: string, options: ConnectorErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.retryable = options.retryable ?? kind === 'transient';
    this.context = options.context ?? {};
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/** A message that is safe to show an operator: never a stack, never a cause's raw payload. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
