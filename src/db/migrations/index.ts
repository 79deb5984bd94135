import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001_initial.js';
import * as sealProgress from './0002_seal_progress.js';
import * as idempotencyOutcome from './0003_idempotency_outcome.js';
import * as sealedPages from './0004_sealed_pages.js';
import * as ballotRuns from './0005_ballot_runs.js';
import * as winNotices from './0006_win_notices.js';
import * as ownBallotsIndex from './0007_own_ballots_index.js';

/** Migrations in order. Their names are recorded in the database; never rename or edit one. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_seal_progress': sealProgress,
  '0003_idempotency_outcome': idempotencyOutcome,
  '0004_sealed_pages': sealedPages,
  '0005_ballot_runs': ballotRuns,
  '0006_win_notices': winNotices,
  '0007_own_ballots_index': ownBallotsIndex,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
