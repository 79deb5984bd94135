import type { Kysely } from 'kysely';
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
