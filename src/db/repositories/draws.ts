import { type Kysely, type Transaction } from 'kysely';
import type { Draw } from '../../domain/index.js';
import { compiledOnce } from '../compiled-once.js';
import { isPostgres } from '../migrations/helpers.js';
import { fromSealedPages, toDraw, type SealedPage } from '../mappers.js';
import type { Database, DrawResultsTable, DrawRow, DrawsTable } from '../schema.js';

type Db = Kysely<Database>;

export type NewDrawRow = Omit<
  DrawsTable,
  | 'id'
  | 'lease_owner'
  | 'lease_until'
  | 'closed_at'
  | 'status'
  | 'sealed_count'
  | 'sealed_root'
  | 'sealed_pages'
  | 'sealed_at'
>;

/** Opens a draw unless another process opened the same one first; returns the stored row. */
export const insertDrawIfAbsent = async (db: Db, draw: NewDrawRow): Promise<DrawRow> => {
  await db
    .insertInto('draws')
    .values({ ...draw, status: 'open' })
    .onConflict((oc) => oc.columns(['lottery_id', 'draw_date']).doNothing())
    .execute();
  return db
    .selectFrom('draws')
    .selectAll()
    .where('lottery_id', '=', draw.lottery_id)
    .where('draw_date', '=', draw.draw_date)
    .executeTakeFirstOrThrow();
};

export const findDrawRow = (db: Db, lotteryId: number, date: string) =>
  db
    .selectFrom('draws')
    .selectAll()
    .where('lottery_id', '=', lotteryId)
    .where('draw_date', '=', date)
    .executeTakeFirst();

export const findDrawRowById = (db: Db, id: number) =>
  db.selectFrom('draws').selectAll().where('id', '=', id).executeTakeFirst();

export const latestDrawRow = (db: Db, lotteryId: number) =>
  db
    .selectFrom('draws')
    .selectAll()
    .where('lottery_id', '=', lotteryId)
    .orderBy('draw_date', 'desc')
    .limit(1)
    .executeTakeFirst();

/**
 * The draw a ballot wants to join, with whether its lottery was cancelled, read under a shared
 * lock on the draw on PostgreSQL: the close takes the exclusive lock, so a ballot and the close
 * of its draw cannot interleave. (SQLite's `BEGIN IMMEDIATE` already serialises them.)
 */
export const findDrawForBallot = async (
  tx: Transaction<Database>,
  lotteryId: number,
  date: string,
) => (await drawForBallot(tx, lotteryId, date))[0];

const drawForBallot = compiledOnce((db, lotteryId: number, date: string) => {
  const query = db
    .selectFrom('draws')
    .innerJoin('lotteries', 'lotteries.id', 'draws.lottery_id')
    .select([
      'draws.id',
      'draws.status',
      'draws.opens_at',
      'draws.closes_at',
      'draws.draw_date',
      'draws.lottery_id',
      'draws.closed_at',
      'lotteries.cancelled_at',
    ])
    .where('draws.lottery_id', '=', lotteryId)
    .where('draws.draw_date', '=', date);
  return isPostgres(db) ? query.forShare('draws') : query;
});

/** Draws past their midnight and not yet drawn, oldest first, in a bounded batch. */
export const listDueDraws = (db: Db, now: number, limit: number) =>
  db
    .selectFrom('draws')
    .select(['id', 'lottery_id', 'draw_date', 'closes_at', 'status'])
    .where('status', 'in', ['open', 'closed'])
    .where('closes_at', '<=', now)
    .orderBy('closes_at')
    .orderBy('id')
    .limit(limit)
    .execute();

/**
 * Closes the draw (if still open) and claims the right to seal it, in one conditional update:
 * a second closer, or one whose claim is younger than the lease, changes nothing. On PostgreSQL
 * the update waits for ballots holding the shared lock, so every ballot that got in is committed
 * before the draw counts as closed.
 */
export const claimDraw = async (
  db: Db,
  input: { id: number; now: number; owner: string; leaseMs: number },
): Promise<boolean> => {
  const result = await db
    .updateTable('draws')
    .set((eb) => ({
      status: 'closed',
      closed_at: eb.fn.coalesce('closed_at', eb.val(input.now)),
      lease_owner: input.owner,
      lease_until: input.now + input.leaseMs,
    }))
    .where('id', '=', input.id)
    .where('status', 'in', ['open', 'closed'])
    .where('closes_at', '<=', input.now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', input.now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** Publishes the sealed count and root of a closed draw (once: a second sealer changes nothing). */
export const recordSeal = async (
  db: Db,
  input: { id: number; count: number; root: string; pages: readonly SealedPage[]; at: number },
) => {
  await db
    .updateTable('draws')
    .set({
      sealed_count: input.count,
      sealed_root: input.root,
      sealed_pages: fromSealedPages(input.pages),
      sealed_at: input.at,
    })
    .where('id', '=', input.id)
    .where('status', '=', 'closed')
    .where('sealed_root', 'is', null)
    .execute();
};

export const releaseDraw = async (db: Db, id: number, owner: string): Promise<void> => {
  await db
    .updateTable('draws')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
};

/**
 * Records the one result of a draw and marks it drawn, atomically. The result's primary key
 * makes a second result impossible; a racing sealer computed the same one from the same inputs.
 */
export const recordDrawResult = async (
  tx: Transaction<Database>,
  result: DrawResultsTable,
): Promise<boolean> => {
  const inserted = await tx
    .insertInto('draw_results')
    .values(result)
    .onConflict((oc) => oc.column('draw_id').doNothing())
    .executeTakeFirst();
  await tx
    .updateTable('draws')
    .set({ status: 'drawn', lease_owner: null, lease_until: null })
    .where('id', '=', result.draw_id)
    .where('status', '=', 'closed')
    .execute();
  // A drawn draw needs no head start any more: what was sealed ahead goes (ADR 0008).
  await tx.deleteFrom('draw_seal_progress').where('draw_id', '=', result.draw_id).execute();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
};

export const findDrawResult = (db: Db, drawId: number) =>
  db.selectFrom('draw_results').selectAll().where('draw_id', '=', drawId).executeTakeFirst();

export const findDraw = async (
  db: Db,
  lotteryId: number,
  date: string,
): Promise<Draw | undefined> => {
  const row = await findDrawRow(db, lotteryId, date);
  if (!row) return undefined;
  return toDraw(row, await findDrawResult(db, row.id));
};

/** Draws not yet opened (after `afterDate`), which hold no ballots: removed when plans change. */
export const deleteDrawsAfter = async (
  db: Db,
  lotteryId: number,
  afterDate: string,
): Promise<void> => {
  await db
    .deleteFrom('draws')
    .where('lottery_id', '=', lotteryId)
    .where('draw_date', '>', afterDate)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('ballots').select('id').whereRef('ballots.draw_id', '=', 'draws.id'),
        ),
      ),
    )
    .execute();
};

export const latestDrawnDate = async (db: Db): Promise<string | undefined> =>
  (
    await db
      .selectFrom('draws')
      .select((eb) => eb.fn.max('draw_date').as('d'))
      .where('status', '=', 'drawn')
      .executeTakeFirst()
  )?.d ?? undefined;

/** Live ballot counts of draws (the sum of their count shards): no scan of the ballots. */
export const ballotCountsByDraw = async (
  db: Db,
  drawIds: number[],
): Promise<Map<number, number>> => {
  if (drawIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('draw_ballot_counts')
    .select(['draw_id', (eb) => eb.fn.sum<number>('ballots').as('n')])
    .where('draw_id', 'in', drawIds)
    .groupBy('draw_id')
    .execute();
  return new Map(rows.map((r) => [r.draw_id, Number(r.n)]));
};

/** When the next open draw closes: the scheduler wakes then rather than polling blindly. */
export const nextClosingTime = async (db: Db): Promise<number | undefined> =>
  (
    await db
      .selectFrom('draws')
      .select((eb) => eb.fn.min('closes_at').as('t'))
      .where('status', '=', 'open')
      .executeTakeFirst()
  )?.t ?? undefined;
