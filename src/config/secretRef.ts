/**
 * A reference to a secret: `{ env: NAME }` or `{ file: /path }`. Its own module so that every part of
 * the configuration schema (schema.ts, alertsSchema.ts) can use it without importing each other.
 */
import { z } from 'zod';

/** Literal secrets are refused: a secret lives in the environment or a file, never in the config. */
export const secretRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name') }),
    z.strictObject({ file: z.string().min(1) }),
  ],
  {
    error:
      'must be { env: VARIABLE_NAME } or { file: /path/to/secret }: secrets are never written in the config',
  },
);
export type SecretRef = z.infer<typeof secretRef>;
