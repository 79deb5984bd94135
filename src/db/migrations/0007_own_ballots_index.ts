import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

// Released migrations are never edited: add a new file instead.

/**
 * A participant's own ballots, read from the index alone: My ballots sums them draw by draw
 * (GET /me/draws) and the lottery list counts them per lottery, for players with 100,000 ballots
 * and more. The index on (participant_id, id) becomes one that also carries each run's draw,
 * lottery, size and instant: the same entries, a little wider, rather than a second index for
 * intake to keep up to date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ballots_participant').execute();
  if (isPostgres(db)) {
    await sql`create index ballots_participant on ballots (participant_id, id) include (draw_id, lottery_id, quantity, submitted_at)`.execute(
      db,
    );
  } else {
    await db.schema
      .createIndex('ballots_participant')
      .on('ballots')
      .columns(['participant_id', 'id', 'draw_id', 'lottery_id', 'quantity', 'submitted_at'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ballots_participant').execute();
  await db.schema
    .createIndex('ballots_participant')
    .on('ballots')
    .columns(['participant_id', 'id'])
    .execute();
}
