/**
 * PGlite does not lock its data directory, and a second process opening it loses writes silently
 * (DESIGN §2.2). This lock file names its owner (pid, host, start time); a lock whose owner is dead on
 * this host is taken over, so a restart after SIGKILL just works.
 */
import { hostname } from 'node:os';
import { openSync, readFileSync, unlinkSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorError } from '../errors.ts';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** The API address of the owner, so CLI commands can talk to it instead. */
  apiUrl?: string;
}

export const LOCK_FILE = 'connector.lock';

export function readLock(dataDir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner still runs (or runs on another host, where we cannot tell). */
export function isLockHeld(owner: LockOwner | undefined): owner is LockOwner {
  if (!owner) return false;
  if (owner.host !== hostname()) return true;
  return owner.pid !== process.pid && isAlive(owner.pid);
}

export class DataDirLockedError extends ConnectorError {
  constructor(dataDir: string, owner: LockOwner) {
    super(
      'config',
      `The data directory ${dataDir} is in use by process ${owner.pid} on ${owner.host} ` +
        `(since ${owner.startedAt}). Only one process may own an embedded database: stop that process, ` +
        `use another --data-dir, or set DATABASE_URL to share a PostgreSQL server between processes.`,
      { context: { ...owner } },
    );
  }
}

export interface DataDirLock {
  owner: LockOwner;
  update(fields: Partial<LockOwner>): void;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  let owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const write = (flags: string) => {
    const fd = openSync(path, flags, 0o600);
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
  };
  for (let attempt = 0; ; attempt++) {
    try {
      write('wx');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
      const current = readLock(dataDir);
      if (isLockHeld(current)) throw new DataDirLockedError(dataDir, current);
      // The owner is dead (or the file is unreadable debris): take the lock over.
      try {
        unlinkSync(path);
      } catch {
        /* another process may have taken it over first; the next 'wx' decides */
      }
    }
  }
  return {
    get owner() {
      return owner;
    },
    update(fields) {
      owner = { ...owner, ...fields };
      write('w');
    },
    release() {
      const current = readLock(dataDir);
      if (current?.pid === process.pid && current.host === owner.host) unlinkSync(path);
    },
  };
}
