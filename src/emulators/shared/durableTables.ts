// The emulators' state: named tables of JSON rows kept in memory and, when a file is given, saved durably
// before each answer. Saving appends one journal line per committed change set and fsyncs it, so a
// SIGKILL at any point leaves either the whole change set or none of it (a torn last line is ignored on
// load). The journal is compacted into a snapshot when it grows, with atomic rename.
//
// Rows are treated as immutable values: change a row with `put(table, key, {...old, field})`, never by
// mutating what `get` returned — the undo log of `rollback` (used for atomic OData change sets) relies on it.
//
// Secondary indexes (`lookup`) let the business rules find "the lines of this order" or "the packing
// slips of this order" without scanning every row, so the 10,000th order costs what the first did. An
// index is built on its first use and kept current by every write, rollback included.
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

/** A secondary index: the bucket key of a row (undefined: not indexed), and the keys of each bucket. */
interface SecondaryIndex {
  keyOf(row: Row): string | undefined;
  buckets: Map<string, Set<string>>;
}
interface Change {
  t: string;
  k: string;
  v: Row | null;
}

const COMPACT_AFTER_LINES = 5_000;

export class DurableTables {
  private readonly tables = new Map<string, Map<string, Row>>();
  /** Per table, its indexes by name. */
  private readonly indexes = new Map<string, Map<string, SecondaryIndex>>();
  /** Per table, each key's position in the table's insertion order, so a lookup answers in that order. */
  private readonly positions = new Map<string, Map<string, number>>();
  private nextPosition = 0;
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
    this.write(table, key, row);
    this.pending.set(`${table}\u0000${key}`, { t: table, k: key, v: row });
  }

  delete(table: string, key: string): void {
    if (!this.tables.get(table)?.has(key)) return;
    this.touch(table, key);
    this.write(table, key, undefined);
    this.pending.set(`${table}\u0000${key}`, { t: table, k: key, v: null });
  }

  /**
   * The rows of `table` whose `keyOf` is one of `values`, in the table's insertion order, through the
   * index `name` (built on first use). One name means one `keyOf`: callers share it through a constant.
   */
  lookup(
    table: string,
    name: string,
    keyOf: (row: Row) => string | undefined,
    values: string | readonly string[],
  ): Row[] {
    const index = this.index(table, name, keyOf);
    const keys = new Set<string>();
    for (const value of typeof values === 'string' ? [values] : values)
      for (const key of index.buckets.get(value) ?? []) keys.add(key);
    if (keys.size === 0) return [];
    const rows = this.tables.get(table)!;
    const positions = this.positions.get(table)!;
    return [...keys].sort((a, b) => positions.get(a)! - positions.get(b)!).map((key) => rows.get(key));
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
    for (const { t, k, v } of this.undo.values()) this.write(t, k, v);
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

  /** Sets (or, with undefined, removes) a row, keeping positions and indexes current. */
  private write(table: string, key: string, row: Row | undefined): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    let positions = this.positions.get(table);
    if (!positions) this.positions.set(table, (positions = new Map()));
    const before = rows.get(key);
    if (row === undefined) {
      if (!rows.has(key)) return;
      rows.delete(key);
      positions.delete(key);
    } else {
      // A Map keeps a replaced key where it was and puts a new one last: positions follow the same rule.
      if (!rows.has(key)) positions.set(key, this.nextPosition++);
      rows.set(key, row);
    }
    for (const index of this.indexes.get(table)?.values() ?? []) {
      const was = before === undefined ? undefined : index.keyOf(before);
      const now = row === undefined ? undefined : index.keyOf(row);
      if (was === now) continue;
      if (was !== undefined) index.buckets.get(was)?.delete(key);
      if (now !== undefined) bucket(index, now).add(key);
    }
  }

  private index(table: string, name: string, keyOf: (row: Row) => string | undefined): SecondaryIndex {
    let byName = this.indexes.get(table);
    if (!byName) this.indexes.set(table, (byName = new Map()));
    let index = byName.get(name);
    if (index) return index;
    index = { keyOf, buckets: new Map() };
    for (const [key, row] of this.tables.get(table) ?? []) {
      const value = keyOf(row);
      if (value !== undefined) bucket(index, value).add(key);
    }
    byName.set(name, index);
    return index;
  }

  private touch(table: string, key: string): void {
    const id = `${table}\u0000${key}`;
    if (!this.undo.has(id)) this.undo.set(id, { t: table, k: key, v: this.tables.get(table)?.get(key) });
  }

  private load(file: string): void {
    const snapshot = `${file}.snapshot`;
    if (existsSync(snapshot)) {
      const tables = JSON.parse(readFileSync(snapshot, 'utf8')) as Record<string, [string, Row][]>;
      for (const [t, rows] of Object.entries(tables)) for (const [k, v] of rows) this.write(t, k, v);
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
      for (const c of changes) this.write(c.t, c.k, c.v === null ? undefined : c.v);
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

function bucket(index: SecondaryIndex, value: string): Set<string> {
  let keys = index.buckets.get(value);
  if (!keys) index.buckets.set(value, (keys = new Set()));
  return keys;
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
