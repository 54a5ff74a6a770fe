/**
 * Resolving secret references (`{ env }` / `{ file }`) at the moment they are needed. Error messages
 * name the reference, never the value.
 */
import { readFileSync } from 'node:fs';
import { ConnectorError } from '../errors.ts';
import type { SecretRef } from './schema.ts';

export function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (!value) throw new ConnectorError('config', `environment variable ${ref.env} is not set`);
    return value;
  }
  try {
    return readFileSync(ref.file, 'utf8').trim();
  } catch (error) {
    throw new ConnectorError(
      'config',
      `cannot read secret file ${ref.file}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
}
