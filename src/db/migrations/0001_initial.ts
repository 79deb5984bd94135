import { sql, type Kysely } from 'kysely';
import { idColumn, isPostgres } from './helpers.js';

// Released migrations are never edited: add a new file instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const bigint = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('participants')
    .addColumn('id', ...idColumn(pg))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('participant', 'admin')`))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('password_changed_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('participant_id', bigint, (c) =>
      c.notNull().references('participants.id').onDelete('cascade'),
    )
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('last_seen_at', bigint, (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sessions_participant')
    .on('sessions')
    .column('participant_id')
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', ...idColumn(pg))
    .addColumn('participant_id', bigint, (c) =>
      c.notNull().references('participants.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('last_used_at', bigint)
    .addColumn('revoked_at', bigint)
    .execute();

  await db.schema
    .createTable('lotteries')
    .addColumn('id', ...idColumn(pg))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('cancelled_at', bigint)
    .addCheckConstraint('lotteries_days', sql`ends_on is null or ends_on >= starts_on`)
    .execute();

  await db.schema
    .createTable('draws')
    .addColumn('id', ...idColumn(pg))
    .addColumn('lottery_id', bigint, (c) => c.notNull().references('lotteries.id'))
    .addColumn('draw_date', 'text', (c) => c.notNull())
    .addColumn('opens_at', bigint, (c) => c.notNull())
    .addColumn('closes_at', bigint, (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'closed', 'drawn')`),
    )
    .addColumn('closed_at', bigint)
    // Published at the close, before the beacon round: the ballot count and Merkle root.
    .addColumn('sealed_count', bigint)
    .addColumn('sealed_root', 'text')
    .addColumn('sealed_at', bigint)
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('beacon_round', bigint)
    .addColumn('prev_record_hash', 'text')
    .addColumn('record_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', bigint)
    // One draw per lottery and day.
    .addUniqueConstraint('draws_lottery_day', ['lottery_id', 'draw_date'])
    .addCheckConstraint('draws_window', sql`closes_at > opens_at`)
    .execute();
  await db.schema.createIndex('draws_due').on('draws').columns(['status', 'closes_at']).execute();
  await db.schema.createIndex('draws_by_date').on('draws').columns(['draw_date']).execute();

  await db.schema
    .createTable('ballots')
    .addColumn('id', ...idColumn(pg))
    // Every ballot belongs to a draw.
    .addColumn('draw_id', bigint, (c) => c.notNull().references('draws.id'))
    .addColumn('lottery_id', bigint, (c) => c.notNull().references('lotteries.id'))
    .addColumn('participant_id', bigint, (c) => c.notNull().references('participants.id'))
    .addColumn('submitted_at', bigint, (c) => c.notNull())
    .execute();
  // Canonical order within a draw, and a participant's own ballots, without scans.
  await db.schema.createIndex('ballots_draw').on('ballots').columns(['draw_id', 'id']).execute();
  await db.schema
    .createIndex('ballots_participant')
    .on('ballots')
    .columns(['participant_id', 'id'])
    .execute();

  // Live ballot counts of open draws, sharded so concurrent intake transactions rarely touch the
  // same row; the authoritative count is the one sealed at the close.
  await db.schema
    .createTable('draw_ballot_counts')
    .addColumn('draw_id', bigint, (c) => c.notNull().references('draws.id').onDelete('cascade'))
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('ballots', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('draw_ballot_counts_pk', ['draw_id', 'shard'])
    .execute();

  await db.schema
    .createTable('draw_results')
    // One result per draw.
    .addColumn('draw_id', bigint, (c) => c.primaryKey().references('draws.id'))
    .addColumn('ballot_count', bigint, (c) => c.notNull())
    .addColumn('merkle_root', 'text', (c) => c.notNull())
    .addColumn('winning_index', bigint)
    .addColumn('winning_ballot_id', bigint, (c) => c.references('ballots.id'))
    .addColumn('beacon_randomness', 'text')
    .addColumn('beacon_signature', 'text')
    .addColumn('drawn_at', bigint, (c) => c.notNull())
    .addCheckConstraint(
      'draw_results_winner',
      sql`(ballot_count = 0 and winning_ballot_id is null and winning_index is null) or (ballot_count > 0 and winning_ballot_id is not null and winning_index >= 0 and winning_index < ballot_count)`,
    )
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('participant_id', bigint, (c) =>
      c.notNull().references('participants.id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['participant_id', 'key'])
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('window_start', bigint, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('server_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be undone; restore a backup instead.');
}
