import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteConnectionOf, type DatabaseHandle } from '../../src/db/connect.js';
import { WalCheckpointer, type WalCheckpointerOptions } from '../../src/db/wal-checkpointer.js';

const sizeOf = (path: string) => statSync(path).size;

/** Polls until `check` holds, for at most `ms`; false if it never did. */
const eventually = async (check: () => boolean, ms = 10_000) => {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
};

describe('SQLite WAL checkpoints in a thread of their own (ADR 0015)', () => {
  let dir: string;
  let path: string;
  let handle: DatabaseHandle | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-checkpoint-'));
    path = join(dir, 'test.db');
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Commits 2,000 pages of 4 KB, 50 per transaction. */
  const burst = async (db: DatabaseHandle['db']) => {
    for (let i = 0; i < 40; i++) {
      await db.transaction().execute(async (tx) => {
        for (let j = 0; j < 50; j++) await sql`insert into t values (randomblob(4000))`.execute(tx);
      });
    }
  };

  it('never checkpoints inside a commit of the service’s connection', async () => {
    // The thread is not due for an hour: whatever is copied here, a commit copied.
    handle = openDatabase(`sqlite:${path}`, { walCheckpointIntervalMs: 3_600_000 });
    const { db } = handle;
    expect(sqliteConnectionOf(db)!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await sql`create table t (x blob)`.execute(db);
    const before = sizeOf(path);
    // SQLite's own checkpoint would have run inside two of these commits.
    await burst(db);
    expect(sizeOf(`${path}-wal`)).toBeGreaterThan(2000 * 4096);
    expect(sizeOf(path)).toBe(before);
  });

  it('copies committed pages into the database file from its own thread, and the WAL is reused', async () => {
    handle = openDatabase(`sqlite:${path}`, { walCheckpointIntervalMs: 20 });
    const { db } = handle;
    await sql`create table t (x blob)`.execute(db);
    await burst(db);
    expect(await eventually(() => sizeOf(path) > 2000 * 4096)).toBe(true);
    // The file grows while the checkpoint copies: wait until it has stopped (a busy machine can
    // be between two copies when the size first passes the mark).
    let last = -1;
    let steady = 0;
    await eventually(() => {
      const size = sizeOf(path);
      steady = size === last ? steady + 1 : 0;
      last = size;
      return steady >= 10;
    });
    const reader = new SQLite(path, { readonly: true });
    expect(reader.prepare('select count(*) from t').pluck().get()).toBe(2000);
    reader.close();
    // Everything was copied: the next writes start the WAL file over instead of growing it.
    const walFile = sizeOf(`${path}-wal`);
    for (let i = 0; i < 5; i++) await sql`insert into t values (randomblob(4000))`.execute(db);
    expect(sizeOf(`${path}-wal`)).toBe(walFile);
  });

  it('cuts the WAL file back to its limit once a burst is in the database file', async () => {
    handle = openDatabase(`sqlite:${path}`, {
      walCheckpointIntervalMs: 20,
      walSizeLimitBytes: 256 * 1024,
    });
    const { db } = handle;
    await sql`create table t (x blob)`.execute(db);
    await burst(db);
    expect(sizeOf(`${path}-wal`)).toBeGreaterThan(2000 * 4096);
    // The next commit after the thread has copied everything starts the WAL over, cut back.
    const cut = await eventually(() => {
      sqliteConnectionOf(db)!.prepare('insert into t values (1)').run();
      return sizeOf(`${path}-wal`) <= 256 * 1024;
    });
    expect(cut).toBe(true);
  });

  it('keeps the WAL small under a steady stream of commits', async () => {
    handle = openDatabase(`sqlite:${path}`, { walCheckpointIntervalMs: 20 });
    const { db } = handle;
    await sql`create table t (x blob)`.execute(db);
    let largest = 0;
    // 3,000 pages, a few at a time, as intake writes them: without checkpoints the WAL would
    // hold them all.
    for (let i = 0; i < 300; i++) {
      await db.transaction().execute(async (tx) => {
        for (let j = 0; j < 10; j++) await sql`insert into t values (randomblob(4000))`.execute(tx);
      });
      largest = Math.max(largest, sizeOf(`${path}-wal`));
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(largest).toBeLessThan(1500 * 4096);
  });

  it('tells its owner when it stops, and again when it runs once started anew', async () => {
    // A directory where the database file should be: the thread cannot open it.
    const target = join(dir, 'later.db');
    mkdirSync(target);
    const events: string[] = [];
    const errors: (Error & { code?: string })[] = [];
    const checkpointer = new WalCheckpointer(target, {
      restartAfterMs: 50,
      onRunning: () => events.push('running'),
      onStopped: (error) => {
        events.push('stopped');
        errors.push(error);
      },
    });
    try {
      expect(await eventually(() => events.includes('stopped'))).toBe(true);
      expect(errors[0]?.code).toMatch(/^SQLITE_/);
      expect(events).not.toContain('running');

      // The file becomes usable: a later start runs.
      rmSync(target, { recursive: true });
      const db = new SQLite(target);
      db.pragma('journal_mode = WAL');
      expect(await eventually(() => events.at(-1) === 'running')).toBe(true);
      db.close();
    } finally {
      await checkpointer.close();
    }
  });

  it('checkpoints inside the service’s commits while the thread is stopped, and stops once it runs again', async () => {
    let thread: WalCheckpointerOptions | undefined;
    let closed = false;
    const failures: Error[] = [];
    let recoveries = 0;
    handle = openDatabase(`sqlite:${path}`, {
      // Stands in for the thread, so the test decides when it stops and runs.
      startWalCheckpointer: (_path, options) => {
        thread = options;
        return { close: () => Promise.resolve(void (closed = true)) };
      },
      onWalCheckpointerFailure: (error) => failures.push(error),
      onWalCheckpointerRecovered: () => (recoveries += 1),
    });
    const { db } = handle;
    const autocheckpoint = () =>
      sqliteConnectionOf(db)!.pragma('wal_autocheckpoint', { simple: true });
    await sql`create table t (x blob)`.execute(db);
    expect(autocheckpoint()).toBe(0);

    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    thread!.onStopped(full);
    expect(failures).toEqual([full]);
    expect(autocheckpoint()).toBe(1000);
    // With nobody else to copy them, the commits copy the WAL's pages into the file: it grows,
    // and the WAL starts over instead of holding all 2,000 pages.
    const before = sizeOf(path);
    await burst(db);
    expect(sizeOf(path)).toBeGreaterThan(before + 900 * 4096);
    expect(sizeOf(`${path}-wal`)).toBeLessThan(2000 * 4096);

    thread!.onRunning();
    expect(recoveries).toBe(1);
    expect(autocheckpoint()).toBe(0);
    // Only a run after a stop is a recovery.
    thread!.onRunning();
    expect(recoveries).toBe(1);

    await handle.close();
    handle = undefined;
    expect(closed).toBe(true);
  });

  it('leaves no thread behind and a clean file when the database closes', async () => {
    handle = openDatabase(`sqlite:${path}`, { walCheckpointIntervalMs: 20 });
    await sql`create table t (x integer)`.execute(handle.db);
    await sql`insert into t values (1)`.execute(handle.db);
    await handle.close();
    handle = undefined;
    // The service's connection was the last one: it checkpointed and removed the WAL.
    expect(() => statSync(`${path}-wal`)).toThrow();
    const reader = new SQLite(path, { readonly: true });
    expect(reader.prepare('select x from t').pluck().all()).toEqual([1]);
    reader.close();
  });
});
