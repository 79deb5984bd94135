import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

// Released migrations are never edited: add a new file instead.

/**
 * A row of `ballots` becomes a run (ADR 0016): `quantity` consecutive ballot numbers from `id`,
 * submitted together by one participant. Rows stored before are runs of one. The draw index
 * carries the quantity, so counting a draw's ballots reads the index alone. The winning ballot
 * may now fall inside a run, so it no longer refers to a row: its key is dropped (on SQLite by
 * rebuilding the small results table, the only way to drop a foreign key there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .alterTable('ballots')
    .addColumn('quantity', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`quantity >= 1`),
    )
    .execute();
  await db.schema.dropIndex('ballots_draw').execute();
  await db.schema
    .createIndex('ballots_draw')
    .on('ballots')
    .columns(['draw_id', 'id', 'quantity'])
    .execute();

  if (pg) {
    await sql`alter table draw_results drop constraint draw_results_winning_ballot_id_fkey`.execute(
      db,
    );
    return;
  }
  await db.schema
    .createTable('draw_results_next')
    .addColumn('draw_id', 'integer', (c) => c.primaryKey().references('draws.id'))
    .addColumn('ballot_count', 'integer', (c) => c.notNull())
    .addColumn('merkle_root', 'text', (c) => c.notNull())
    .addColumn('winning_index', 'integer')
    .addColumn('winning_ballot_id', 'integer')
    .addColumn('beacon_randomness', 'text')
    .addColumn('beacon_signature', 'text')
    .addColumn('drawn_at', 'integer', (c) => c.notNull())
    .addCheckConstraint(
      'draw_results_winner',
      sql`(ballot_count = 0 and winning_ballot_id is null and winning_index is null) or (ballot_count > 0 and winning_ballot_id is not null and winning_index >= 0 and winning_index < ballot_count)`,
    )
    .execute();
  await sql`insert into draw_results_next select draw_id, ballot_count, merkle_root, winning_index,
    winning_ballot_id, beacon_randomness, beacon_signature, drawn_at from draw_results`.execute(db);
  await db.schema.dropTable('draw_results').execute();
  await db.schema.alterTable('draw_results_next').renameTo('draw_results').execute();
}

export async function down(): Promise<void> {
  throw new Error('0005_ballot_runs cannot be undone: runs of several ballots have no older form');
}
