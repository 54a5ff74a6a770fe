/**
 * The ConnectorError a promise ends with — for tests that then assert its kind, message and context.
 * A promise that resolves, or fails with anything else, fails the test with what it got instead.
 */
import { isConnectorError, type ConnectorError } from '../../src/errors.ts';

export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}
