import type { Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.

/**
 * What a ballot submission with an Idempotency-Key stored, written in the same transaction as
 * its ballots (ADR 0012): a retry after a crash rebuilds the answer from it instead of being
 * told "in progress" until the key expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('outcome', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('outcome').execute();
}
