import type { Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

// Released migrations are never edited: add a new file instead.

/**
 * How far each open draw's seal has got during its day (ADR 0008): the first `ballots` ballots
 * in canonical order, as the roots of the perfect Merkle subtrees they make. Midnight carries on
 * from there instead of hashing the whole day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bigint = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('draw_seal_progress')
    .addColumn('draw_id', bigint, (c) => c.primaryKey().references('draws.id').onDelete('cascade'))
    .addColumn('ballots', bigint, (c) => c.notNull())
    .addColumn('last_ballot_id', bigint, (c) => c.notNull())
    .addColumn('subtrees', 'text', (c) => c.notNull())
    .addColumn('checkpoints', 'text', (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('draw_seal_progress').execute();
}
