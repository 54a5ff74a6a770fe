/**
 * What a failing call ends with, for tests that then assert its kind, message and context: the
 * ConnectorError a promise ends with (`failure`), or the error of a given class a synchronous call throws
 * (`thrownBy`). A call that succeeds, or fails with anything else, fails the test with what it got instead.
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

export function thrownBy<E extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected the call to throw ${type.name}, but it returned`);
}
