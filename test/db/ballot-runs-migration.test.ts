import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { ballotIdPage, ballotPosition } from '../../src/db/repositories/ballot-numbers.js';
import { drawsOfDate } from '../../src/db/repositories/draw-views.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

describe.each(dialects)('migration 0005 (ballot runs) on %s', (dialect) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
  });
  afterEach(async () => {
    await handle.close();
    await database.drop();
  });

  it('keeps ballots stored a row each as runs of one, and their drawn winner', async () => {
    const { db } = handle;
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0004_sealed_pages')).error).toBeUndefined();
    // A drawn day as the service stored it before: one row per ballot.
    await sql`insert into participants (id, username, username_key, password_hash, role, created_at, password_changed_at)
      values (1, 'alice', 'alice', 'x', 'participant', 0, 0)`.execute(db);
    await sql`insert into lotteries (id, name, name_key, starts_on, time_zone, created_at)
      values (1, 'Daily', 'daily', '2026-03-10', 'UTC', 0)`.execute(db);
    await sql`insert into draws (id, lottery_id, draw_date, opens_at, closes_at, status, seed, commitment, record_hash, created_at)
      values (1, 1, '2026-03-10', 0, 10, 'drawn', 's', 'c', 'r', 0)`.execute(db);
    for (const id of [1, 2, 3]) {
      await sql`insert into ballots (id, draw_id, lottery_id, participant_id, submitted_at)
        values (${id}, 1, 1, 1, 5)`.execute(db);
    }
    await sql`insert into draw_results (draw_id, ballot_count, merkle_root, winning_index, winning_ballot_id, drawn_at)
      values (1, 3, 'root', 1, 2, 11)`.execute(db);

    // 0005 first, then any later ones.
    expect((await migrateToLatest(db))[0]).toBe('0005_ballot_runs');

    expect(await ballotIdPage(db, 1, 0, 10)).toEqual([1, 2, 3]);
    expect(await ballotPosition(db, 1, 3)).toBe(2);
    const [draw] = await drawsOfDate(db, '2026-03-10');
    expect(draw).toMatchObject({ winning_ballot_id: 2, winner_username: 'alice' });

    // A winning number inside a run refers to no row of its own, and is accepted now.
    await sql`insert into draws (id, lottery_id, draw_date, opens_at, closes_at, status, seed, commitment, record_hash, created_at)
      values (2, 1, '2026-03-11', 10, 20, 'drawn', 's', 'c', 'r', 0)`.execute(db);
    await db
      .insertInto('ballots')
      .values({
        id: 4,
        quantity: 10,
        draw_id: 2,
        lottery_id: 1,
        participant_id: 1,
        submitted_at: 15,
      })
      .execute();
    await db
      .insertInto('draw_results')
      .values({
        draw_id: 2,
        ballot_count: 10,
        merkle_root: 'root',
        winning_index: 5,
        winning_ballot_id: 9,
        drawn_at: 21,
      })
      .execute();
    const [next] = await drawsOfDate(db, '2026-03-11');
    expect(next).toMatchObject({ winning_ballot_id: 9, winner_username: 'alice' });
    // The result's own rule still holds.
    await expect(
      db
        .insertInto('draw_results')
        .values({
          draw_id: 1,
          ballot_count: 0,
          merkle_root: 'root',
          winning_index: null,
          winning_ballot_id: 3,
          drawn_at: 1,
        })
        .onConflict((oc) => oc.column('draw_id').doNothing())
        .execute(),
    ).rejects.toThrow(/draw_results_winner|CHECK/i);
    // A run holds at least one ballot.
    await expect(
      db
        .insertInto('ballots')
        .values({
          id: 100,
          quantity: 0,
          draw_id: 2,
          lottery_id: 1,
          participant_id: 1,
          submitted_at: 15,
        })
        .execute(),
    ).rejects.toThrow(/check/i);
  });
});
