import type { Kysely, Transaction } from 'kysely';
import type { Ballot, LocalDate } from '../../domain/index.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/**
 * Stores `quantity` ballots in one statement and returns their numbers, ascending. Ballot numbers
 * come from the table's key, so intake touches no shared counter.
 */
export const insertBallots = async (
  tx: Transaction<Database>,
  input: {
    drawId: number;
    lotteryId: number;
    participantId: number;
    submittedAt: number;
    quantity: number;
  },
): Promise<number[]> => {
  const row = {
    draw_id: input.drawId,
    lottery_id: input.lotteryId,
    participant_id: input.participantId,
    submitted_at: input.submittedAt,
  };
  const rows = await tx
    .insertInto('ballots')
    .values(Array.from({ length: input.quantity }, () => row))
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
};

/** Adds to a draw's live ballot count, in one of its shards (same transaction as the ballots). */
export const addToBallotCount = async (
  tx: Transaction<Database>,
  input: { drawId: number; shard: number; ballots: number },
): Promise<void> => {
  await tx
    .insertInto('draw_ballot_counts')
    .values({ draw_id: input.drawId, shard: input.shard, ballots: input.ballots })
    .onConflict((oc) =>
      oc.columns(['draw_id', 'shard']).doUpdateSet((eb) => ({
        ballots: eb('draw_ballot_counts.ballots', '+', eb.ref('excluded.ballots')),
      })),
    )
    .execute();
};

export interface OwnBallotsQuery {
  participantId: number;
  lotteryId?: number | undefined;
  date?: string | undefined;
  /** Keyset cursor: ballots with a smaller number than this (newest first). */
  before?: number | undefined;
  limit: number;
}

export interface OwnBallot extends Ballot {
  lotteryName: string;
  drawStatus: 'open' | 'closed' | 'drawn';
  won: boolean;
}

/** A participant's own ballots, newest first, with whether each won. */
export const listOwnBallots = async (db: Db, q: OwnBallotsQuery): Promise<OwnBallot[]> => {
  let query = db
    .selectFrom('ballots')
    .innerJoin('draws', 'draws.id', 'ballots.draw_id')
    .innerJoin('lotteries', 'lotteries.id', 'ballots.lottery_id')
    .leftJoin('draw_results', 'draw_results.draw_id', 'ballots.draw_id')
    .select([
      'ballots.id',
      'ballots.draw_id',
      'ballots.lottery_id',
      'ballots.participant_id',
      'ballots.submitted_at',
      'draws.draw_date',
      'draws.status',
      'lotteries.name as lottery_name',
      'draw_results.winning_ballot_id',
    ])
    .where('ballots.participant_id', '=', q.participantId);
  if (q.lotteryId !== undefined) query = query.where('ballots.lottery_id', '=', q.lotteryId);
  if (q.date !== undefined) query = query.where('draws.draw_date', '=', q.date);
  if (q.before !== undefined) query = query.where('ballots.id', '<', q.before);
  const rows = await query.orderBy('ballots.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    drawId: r.draw_id,
    lotteryId: r.lottery_id,
    participantId: r.participant_id,
    submittedAt: r.submitted_at,
    drawDate: r.draw_date as LocalDate,
    lotteryName: r.lottery_name,
    drawStatus: r.status,
    won: r.winning_ballot_id === r.id,
  }));
};

/** How many ballots a participant holds per lottery: in total, and in the given draws. */
export const ownBallotCounts = async (db: Db, participantId: number, openDrawIds: number[]) => {
  const totals = await db
    .selectFrom('ballots')
    .select(['lottery_id', (eb) => eb.fn.countAll().as('n')])
    .where('participant_id', '=', participantId)
    .groupBy('lottery_id')
    .execute();
  const today =
    openDrawIds.length === 0
      ? []
      : await db
          .selectFrom('ballots')
          .select(['draw_id', (eb) => eb.fn.countAll().as('n')])
          .where('participant_id', '=', participantId)
          .where('draw_id', 'in', openDrawIds)
          .groupBy('draw_id')
          .execute();
  return {
    totalByLottery: new Map(totals.map((r) => [r.lottery_id, Number(r.n)])),
    byDraw: new Map(today.map((r) => [r.draw_id, Number(r.n)])),
  };
};

export const findBallot = (db: Db, id: number) =>
  db
    .selectFrom('ballots')
    .innerJoin('draws', 'draws.id', 'ballots.draw_id')
    .select([
      'ballots.id',
      'ballots.draw_id',
      'ballots.lottery_id',
      'ballots.participant_id',
      'ballots.submitted_at',
      'draws.draw_date',
      'draws.status',
    ])
    .where('ballots.id', '=', id)
    .executeTakeFirst();
