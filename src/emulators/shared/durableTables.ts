// The emulators' state: named tables of JSON rows kept in memory and, when a file is given, saved durably
// before each answer. Saving appends one journal line per committed change set and fsyncs it, so a
// SIGKILL at any point leaves either the whole change set or none of it (a torn last line is ignored on
// load). The journal is compacted into a snapshot when it grows, with atomic rename.
//
// Rows are treated as immutable values: change a row with `put(table, key, {...old, field})`, never by
// mutating what `get` returned — the undo log of `rollback` (used for atomic OData change sets) relies on it.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

type Row = unknown;
interface Change {
  t: string;
  k: string;
  v: Row | null;
}

const COMPACT_AFTER_LINES = 5_000;

export class DurableTables {
  private readonly tables = new Map<string, Map<string, Row>>();
  /** First-touch values of the open change set: what `rollback` restores. */
  private undo = new Map<string, { t: string; k: string; v: Row | undefined }>();
  private pending = new Map<string, Change>();
  private fd: number | undefined;
  private journalLines = 0;

  /** Opens the state at `file` (journal) or keeps it in memory only when no file is given. */
  constructor(private readonly file?: string) {
    if (!file) return;
    this.load(file);
    this.fd = openSync(file, 'a', 0o600);
  }

  get(table: string, key: string): Row | undefined {
    return this.tables.get(table)?.get(key);
  }

  /** Rows of a table in insertion order. */
  rows(table: string): Row[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  size(table: string): number {
    return this.tables.get(table)?.size ?? 0;
  }

  put(table: string, key: string, row: Row): void {
    this.touch(table, key);
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    rows.set(key, row);
    this.pending.set(`${table}\u0000${key}`, { t: table, k: key, v: row });
  }

  delete(table: string, key: string): void {
    if (!this.tables.get(table)?.has(key)) return;
    this.touch(table, key);
    this.tables.get(table)!.delete(key);
    this.pending.set(`${table}\u0000${key}`, { t: table, k: key, v: null });
  }

  /** Saves the open change set (durably when file-backed). Call before answering the request. */
  commit(): void {
    if (this.pending.size > 0 && this.fd !== undefined) {
      writeFully(this.fd, Buffer.from(JSON.stringify([...this.pending.values()]) + '\n'));
      fsyncSync(this.fd);
      if (++this.journalLines >= COMPACT_AFTER_LINES) this.compact();
    }
    this.pending.clear();
    this.undo.clear();
  }

  /** Discards the open change set, restoring every row it touched. */
  rollback(): void {
    for (const { t, k, v } of this.undo.values()) {
      if (v === undefined) this.tables.get(t)?.delete(k);
      else this.tables.get(t)!.set(k, v);
    }
    this.pending.clear();
    this.undo.clear();
  }

  /** Runs `fn` as one change set: committed when it returns, rolled back when it throws. */
  atomically<T>(fn: () => T): T {
    try {
      const result = fn();
      this.commit();
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Empties every table (the emulators' `/_sim/reset`), durably. */
  clear(): void {
    for (const [t, rows] of this.tables) for (const k of [...rows.keys()]) this.delete(t, k);
    this.commit();
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private touch(table: string, key: string): void {
    const id = `${table}\u0000${key}`;
    if (!this.undo.has(id)) this.undo.set(id, { t: table, k: key, v: this.tables.get(table)?.get(key) });
  }

  private load(file: string): void {
    const snapshot = `${file}.snapshot`;
    if (existsSync(snapshot)) {
      const tables = JSON.parse(readFileSync(snapshot, 'utf8')) as Record<string, [string, Row][]>;
      for (const [t, rows] of Object.entries(tables)) this.tables.set(t, new Map(rows));
    }
    if (!existsSync(file)) return;
    const journal = readFileSync(file);
    let good = 0; // bytes of complete, parsable lines
    while (good < journal.length) {
      const end = journal.indexOf(0x0a, good);
      if (end < 0) break; // no newline: the last write was torn
      let changes: Change[];
      try {
        changes = JSON.parse(journal.subarray(good, end).toString('utf8')) as Change[];
      } catch {
        break;
      }
      for (const c of changes) {
        let rows = this.tables.get(c.t);
        if (!rows) this.tables.set(c.t, (rows = new Map()));
        if (c.v === null) rows.delete(c.k);
        else rows.set(c.k, c.v);
      }
      this.journalLines++;
      good = end + 1;
    }
    // A torn tail held a change set that was never answered: cut it off, or the next line appended to
    // it would be unreadable too and every later change lost at the following restart.
    if (good < journal.length) truncateSync(file, good);
  }

  /** Writes all tables to a snapshot (atomic rename) and starts an empty journal. */
  private compact(): void {
    const file = this.file!;
    const snapshot = `${file}.snapshot`;
    const data: Record<string, [string, Row][]> = {};
    for (const [t, rows] of this.tables) data[t] = [...rows.entries()];
    writeFileSync(`${snapshot}.tmp`, JSON.stringify(data), { mode: 0o600 });
    fsyncFile(`${snapshot}.tmp`);
    renameSync(`${snapshot}.tmp`, snapshot);
    fsyncFile(dirname(file));
    // The journal's lines are all in the snapshot now; a crash before the truncation only replays them again.
    closeSync(this.fd!);
    writeFileSync(file, '');
    fsyncFile(file);
    this.fd = openSync(file, 'a', 0o600);
    this.journalLines = 0;
  }
}

/** writeSync may write less than asked (a full disk, a signal): loop until every byte is down. */
function writeFully(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
