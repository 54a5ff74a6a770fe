import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, readLock } from './dataDirLock.ts';
import { thrownBy } from '../../test/support/failure.ts';

const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

function otherProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function fakeLock(dir: string, pid: number, host = hostname()) {
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host, startedAt: '2026-01-01T00:00:00.000Z' }));
}

describe('data directory lock', () => {
  it('names its owner, and is removed on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const lock = acquireDataDirLock(dir);
    expect(readLock(dir)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    lock.update({ apiUrl: 'http://127.0.0.1:8080' });
    expect(readLock(dir)?.apiUrl).toBe('http://127.0.0.1:8080');
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir)).toEqual([]); // no temporary files left behind
  });

  it('refuses a second owner while the first lives, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const owner = otherProcess();
    fakeLock(dir, owner.pid!);
    const error = thrownBy(() => acquireDataDirLock(dir), DataDirLockedError);
    expect(error.message).toContain(`in use by process ${owner.pid} on ${hostname()}`);
    expect(readLock(dir)?.pid).toBe(owner.pid);
  });

  it('takes over the lock of a dead owner (restart after SIGKILL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const owner = otherProcess();
    fakeLock(dir, owner.pid!);
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    const lock = acquireDataDirLock(dir);
    expect(readLock(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock held from another host, where liveness cannot be checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    fakeLock(dir, 12345, 'some-other-host');
    expect(() => acquireDataDirLock(dir)).toThrow(/process 12345 on some-other-host/);
  });

  it('treats unreadable debris as no owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    writeFileSync(join(dir, LOCK_FILE), '{ half-written');
    acquireDataDirLock(dir).release();
  });
});
