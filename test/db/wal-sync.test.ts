import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteConnectionOf, type DatabaseHandle } from '../../src/db/connect.js';
import { isUnavailable } from '../../src/db/errors.js';

/** A WAL sync the test lets finish (or fail) when it chooses. */
class HeldSync {
  syncs = 0;
  private waiting: { resolve(): void; reject(error: Error): void }[] = [];
  readonly dataSync = (file: FileHandle): Promise<void> => {
    this.syncs += 1;
    expect(typeof file.fd).toBe('number');
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  };
  get pending(): number {
    return this.waiting.length;
  }
  release(): void {
    for (const w of this.waiting.splice(0)) w.resolve();
  }
  fail(): void {
    for (const w of this.waiting.splice(0)) w.reject(new Error('EIO: i/o error, fdatasync'));
  }
}

/** Lets every pending callback and I/O completion run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Whether a promise has settled yet, without waiting for it. */
const state = async (promise: Promise<unknown>) => {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
};

describe('SQLite commits synced off the event loop (ADR 0011)', () => {
  let dir: string;
  let handle: DatabaseHandle | undefined;

  const open = async (walDataSync?: HeldSync) => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-wal-'));
    handle = openDatabase(`sqlite:${join(dir, 'test.db')}`, {
      walDataSync: walDataSync?.dataSync,
    });
    return handle.db;
  };

  /** Opens the database and creates table `t`, its sync let through. */
  const openWithTable = async (held: HeldSync) => {
    const db = await open(held);
    const create = sql`create table t (x integer)`.execute(db);
    await settle();
    held.release();
    await create;
    return db;
  };

  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a write only once the WAL has been synced to disk', async () => {
    const held = new HeldSync();
    const db = await openWithTable(held);

    const insert = sql`insert into t (x) values (1)`.execute(db);
    expect(await state(insert)).toBe(false);
    expect(held.pending).toBe(1);
    held.release();
    await expect(insert).resolves.toBeDefined();
  });

  it('lets nothing else in the process read the commit before it is on disk', async () => {
    const held = new HeldSync();
    const db = await openWithTable(held);

    const insert = db.transaction().execute(async (tx) => {
      await sql`insert into t (x) values (1)`.execute(tx);
      await sql`insert into t (x) values (2)`.execute(tx);
    });
    await settle();
    const read = sql<{ n: number }>`select count(*) as n from t`.execute(db);
    expect(await state(read)).toBe(false);
    held.release();
    await insert;
    expect((await read).rows[0]?.n).toBe(2);
  });

  it('lets the next transaction run while the last one syncs, and answers each after its own', async () => {
    const held = new HeldSync();
    const db = await openWithTable(held);

    const first = sql`insert into t (x) values (1)`.execute(db);
    await settle();
    expect(held.pending).toBe(1);
    // The connection is free again: the second write runs while the first one's sync is out.
    const second = sql`insert into t (x) values (2)`.execute(db);
    await settle();
    expect(sqliteConnectionOf(db)!.prepare('select count(*) from t').pluck().get()).toBe(2);
    expect(await state(second)).toBe(false);

    // The sync in flight began before the second write: it answers the first one only.
    held.release();
    expect(await state(first)).toBe(true);
    expect(await state(second)).toBe(false);
    expect(held.pending).toBe(1);
    held.release();
    await expect(second).resolves.toBeDefined();
    expect(held.syncs).toBe(3);
  });

  it('syncs once for writes that wait together', async () => {
    const held = new HeldSync();
    const db = await openWithTable(held);
    held.syncs = 0;

    const first = sql`insert into t (x) values (1)`.execute(db);
    await settle();
    const others = [2, 3, 4].map((x) => sql`insert into t (x) values (${x})`.execute(db));
    await settle();
    held.release(); // the first one's
    await first;
    await settle();
    held.release(); // one for the three that wrote while it was out
    await Promise.all(others);
    expect(held.syncs).toBe(2);
  });

  it('syncs once per transaction, and never for a read', async () => {
    const held = new HeldSync();
    const db = await openWithTable(held);
    held.syncs = 0;

    const insert = db.transaction().execute(async (tx) => {
      for (let x = 0; x < 5; x++) await sql`insert into t (x) values (${x})`.execute(tx);
    });
    await settle();
    held.release();
    await insert;
    expect(held.syncs).toBe(1);

    await sql`select count(*) from t`.execute(db);
    expect(held.syncs).toBe(1);
  });

  it('fails the write whose sync failed, and every statement after it', async () => {
    const held = new HeldSync();
    const db = await open(held);
    const create = sql`create table t (x integer)`.execute(db);
    await settle();
    held.fail();
    await expect(create).rejects.toThrow(/could not be synced to disk; restart the service/);
    // Reported like SQLite's own failed sync: the service is unavailable (503), not broken (500).
    expect(isUnavailable(await create.catch((error: unknown) => error))).toBe(true);
    // The kernel may have dropped the unwritten pages: a later sync could succeed without them.
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/restart the service/);
    expect(held.syncs).toBe(1);
  });

  it('syncs the real WAL file by default, with synchronous = NORMAL', async () => {
    const db = await open();
    await sql`create table t (x integer)`.execute(db);
    await sql`insert into t (x) values (1)`.execute(db);
    const sqlite = sqliteConnectionOf(db)!;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(existsSync(join(dir, 'test.db-wal'))).toBe(true);
  });

  it('keeps synchronous = FULL where there is no WAL to sync (in memory)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-wal-'));
    handle = openDatabase('sqlite::memory:');
    const sqlite = sqliteConnectionOf(handle.db)!;
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await sql`create table t (x integer)`.execute(handle.db);
    await sql`insert into t (x) values (1)`.execute(handle.db);
  });
});
