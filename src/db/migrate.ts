import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Brings the schema up to date. Kysely's migrator takes a lock in the database, so several
 * instances starting together apply each migration once.
 */
export const migrateToLatest = async (db: Kysely<Database>): Promise<string[]> => {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    // No migration ran: the database could not be reached or read, and its error says why.
    if (failed === undefined) throw result.error;
    throw new Error(`Migration ${failed.migrationName} failed`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
};
