/**
 * PGlite does not lock its data directory, and a second process opening it loses writes silently
 * (DESIGN §2.2). This lock file names its owner (pid, host, start time); a lock whose owner is dead on
 * this host is taken over, so a restart after SIGKILL just works.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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
        `use another --data-dir, or set DATABASE_URL to share a PostgreSQL server between processes. ` +
        `If that process is certainly gone (e.g. a container that came back with a new host name), ` +
        `delete ${join(dataDir, LOCK_FILE)}.`,
      { context: { ...owner } },
    );
  }
}

export interface DataDirLock {
  owner: LockOwner;
  update(fields: Partial<LockOwner>): void;
  release(): void;
}

/** Writes the owner to a private temporary file first: the lock file itself never exists half-written. */
function writeTemp(path: string, owner: LockOwner): string {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
  return temp;
}

/** Creates the lock file atomically; false when it exists. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const temp = writeTemp(path, owner);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

const STALE_TAKEOVER_MS = 10_000;

/**
 * Removes a dead owner's lock. Two processes may find the same dead owner at once: a takeover mutex
 * (an atomic mkdir) makes sure only one of them deletes it, and that one re-reads the lock inside the
 * mutex, so a lock freshly created by the other is never deleted.
 */
function removeDeadLock(dataDir: string, path: string, dead: LockOwner | undefined): void {
  const mutex = `${path}.takeover`;
  try {
    mkdirSync(mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A takeover that crashed half-way leaves the mutex behind; an old one is debris.
    if (Date.now() - statSync(mutex).mtimeMs > STALE_TAKEOVER_MS) rmdirSync(mutex);
    return; // another process is taking over right now: the caller retries
  }
  try {
    const current = readLock(dataDir);
    if (JSON.stringify(current) === JSON.stringify(dead)) rmSync(path, { force: true });
  } finally {
    rmdirSync(mutex);
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  // The database and the key files are for this user alone.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const path = join(dataDir, LOCK_FILE);
  let owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; !tryCreate(path, owner); attempt++) {
    const current = readLock(dataDir);
    if (isLockHeld(current)) throw new DataDirLockedError(dataDir, current);
    if (attempt >= 20) throw new ConnectorError('transient', `could not take over the lock file ${path}`);
    // The owner is dead, or the file is unreadable debris: take the lock over.
    removeDeadLock(dataDir, path, current);
    sleepSync(25);
  }
  return {
    get owner() {
      return owner;
    },
    update(fields) {
      owner = { ...owner, ...fields };
      renameSync(writeTemp(path, owner), path); // atomic replace: readers see the old or the new owner
    },
    release() {
      const current = readLock(dataDir);
      if (current?.pid === process.pid && current.host === owner.host) rmSync(path, { force: true });
    },
  };
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
