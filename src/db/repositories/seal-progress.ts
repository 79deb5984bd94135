import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../migrations/helpers.js';
import { highestBallotId } from './ballot-numbers.js';
import { fromSealProgress, toSealProgress, type SealProgress } from '../mappers.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export const findSealProgress = async (
  db: Db,
  drawId: number,
): Promise<SealProgress | undefined> => {
  const row = await db
    .selectFrom('draw_seal_progress')
    .selectAll()
    .where('draw_id', '=', drawId)
    .executeTakeFirst();
  return row && toSealProgress(row);
};

/**
 * Records how far a draw's seal has got. Only forward: two instances sealing the same draw ahead
 * compute the same prefix, and a slower one never takes the record back.
 */
export const saveSealProgress = async (
  db: Db,
  progress: SealProgress,
  at: number,
): Promise<void> => {
  await db
    .insertInto('draw_seal_progress')
    .values(fromSealProgress(progress, at))
    .onConflict((oc) =>
      oc
        .column('draw_id')
        .doUpdateSet((eb) => ({
          ballots: eb.ref('excluded.ballots'),
          last_ballot_id: eb.ref('excluded.last_ballot_id'),
          subtrees: eb.ref('excluded.subtrees'),
          checkpoints: eb.ref('excluded.checkpoints'),
          page_roots: eb.ref('excluded.page_roots'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('draw_seal_progress.ballots', '<', (eb) => eb.ref('excluded.ballots')),
    )
    .execute();
};

/**
 * The draw's highest ballot number such that every ballot of the draw numbered up to it is
 * committed, so that no ballot can ever join below it. Ballot numbers only grow, and on SQLite
 * one writer at a time takes them, so the highest committed number is such a mark. On PostgreSQL
 * a transaction may hold a smaller number than one already committed: taking the draw's row
 * exclusively for a moment waits for every ballot transaction of the draw (each holds it shared
 * from before its insert until its commit), and those that come after draw larger numbers.
 */
export const committedBallotMark = async (db: Db, drawId: number): Promise<number> => {
  if (!isPostgres(db)) return highestBallotId(db, drawId);
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom('draws').select('id').where('id', '=', drawId).forUpdate().execute();
    return highestBallotId(tx, drawId);
  });
};

/** Open draws whose midnight is later than `after`, soonest first. */
export const openDrawsClosingAfter = (db: Db, after: number) =>
  db
    .selectFrom('draws')
    .select(['id', 'lottery_id', 'draw_date', 'closes_at'])
    .where('status', '=', 'open')
    .where('closes_at', '>', after)
    .orderBy('closes_at')
    .orderBy('id')
    .execute();

/** The first key of the seal-ahead locks (PostgreSQL advisory locks are keyed by two integers). */
const SEAL_AHEAD_LOCK = 0x5ea1;

/**
 * Runs `seal` unless another instance is sealing this draw ahead already; undefined when it is.
 * On PostgreSQL the mark is a transaction-level advisory lock, held by a transaction of its own
 * that does nothing else for the pass (so it holds no rows and no snapshot, and a pooler in
 * transaction mode keeps it on one server connection); a process that dies releases it. Without
 * it every instance hashed every page of the day (about 16 s of CPU per 10M ballots each) and
 * locked the draw for a moment every few seconds. SQLite is written by one process.
 */
export const whileSealingAhead = async <T>(
  db: Db,
  drawId: number,
  seal: () => Promise<T>,
): Promise<T | undefined> => {
  if (!isPostgres(db)) return seal();
  return db.transaction().execute(async (lock) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(${SEAL_AHEAD_LOCK}::int, ${drawId}::int) as locked`.execute(
      lock,
    );
    return rows[0]?.locked === true ? seal() : undefined;
  });
};
