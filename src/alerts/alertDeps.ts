/**
 * What the alerts need from the composition root (runtime.ts): the database, the configuration, the
 * process log, the services this version has, and — for delivery — the environment (webhook URLs are
 * secret references) and a fetch. Tests hand in their own fetch-free sink URLs and clock.
 */
import type { ConnectorConfig } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Db } from '../store/db.ts';

export interface AlertDeps {
  db: Db;
  config: ConnectorConfig;
  log: Logger;
  /** The flow ids of this version: service rows of flows that no longer exist are not judged. */
  flows: readonly string[];
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}
