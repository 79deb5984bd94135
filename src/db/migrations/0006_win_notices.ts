import type { Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

// Released migrations are never edited: add a new file instead.

/**
 * Winners are told (issue 24): how far each participant has dismissed the notice of their wins,
 * and an index to find the draws drawn since then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bigint = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('win_notice_marks')
    .addColumn('participant_id', bigint, (c) =>
      c.primaryKey().references('participants.id').onDelete('cascade'),
    )
    .addColumn('dismissed_through', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('draw_results_drawn_at')
    .on('draw_results')
    .column('drawn_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('draw_results_drawn_at').execute();
  await db.schema.dropTable('win_notice_marks').execute();
}
