import type { Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.

/**
 * The Merkle root and first ballot of each whole sealing page, kept with the seal, so that an
 * inclusion proof hashes one page instead of the whole draw (ADR 0013). Seal progress carries
 * the page roots made during the day. Draws sealed before have none, and are proved as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('draws').addColumn('sealed_pages', 'text').execute();
  await db.schema
    .alterTable('draw_seal_progress')
    .addColumn('page_roots', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('draw_seal_progress').dropColumn('page_roots').execute();
  await db.schema.alterTable('draws').dropColumn('sealed_pages').execute();
}
