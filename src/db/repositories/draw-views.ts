import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** Draws with their lottery, result and winner: what the public draw pages show. */
const drawsWithResults = (db: Db) =>
  db
    .selectFrom('draws')
    .innerJoin('lotteries', 'lotteries.id', 'draws.lottery_id')
    .leftJoin('draw_results', 'draw_results.draw_id', 'draws.id')
    .select([
      'draws.id',
      'draws.lottery_id',
      'lotteries.name as lottery_name',
      'lotteries.time_zone',
      'draws.draw_date',
      'draws.status',
      'draws.opens_at',
      'draws.closes_at',
      'draws.closed_at',
      'draws.sealed_count',
      'draw_results.ballot_count',
      'draw_results.winning_ballot_id',
      'draw_results.drawn_at',
      // The run holding the winning number (ADR 0016): the last of the draw's runs starting at
      // or before it, found along the (draw_id, id) index.
      (eb) =>
        eb
          .selectFrom('ballots as winner')
          .innerJoin('participants', 'participants.id', 'winner.participant_id')
          .select('participants.username')
          .whereRef('winner.draw_id', '=', 'draws.id')
          .whereRef('winner.id', '<=', 'draw_results.winning_ballot_id')
          .orderBy('winner.id', 'desc')
          .limit(1)
          .as('winner_username'),
    ]);

export type DrawSummaryRow = Awaited<ReturnType<typeof drawsOfDate>>[number];

/** Every draw of one date across lotteries, by lottery name. */
export const drawsOfDate = (db: Db, date: string) =>
  drawsWithResults(db)
    .where('draws.draw_date', '=', date)
    .orderBy('lotteries.name')
    .orderBy('draws.id')
    .execute();

/** A page of one lottery's draws, newest first, before the date `before` when given. */
export const drawsOfLotteryPage = (
  db: Db,
  lotteryId: number,
  page: { before?: string | undefined; limit: number },
) => {
  let query = drawsWithResults(db).where('draws.lottery_id', '=', lotteryId);
  if (page.before !== undefined) query = query.where('draws.draw_date', '<', page.before);
  return query.orderBy('draws.draw_date', 'desc').limit(page.limit).execute();
};

/** One draw with everything its fairness record needs (including the secret seed: see the view). */
export const drawWithFairness = (db: Db, lotteryId: number, date: string) =>
  drawsWithResults(db)
    .select([
      'draws.seed',
      'draws.commitment',
      'draws.beacon_round',
      'draws.prev_record_hash',
      'draws.record_hash',
      'draws.sealed_root',
      'draw_results.merkle_root',
      'draw_results.winning_index',
      'draw_results.beacon_randomness',
      'draw_results.beacon_signature',
    ])
    .where('draws.lottery_id', '=', lotteryId)
    .where('draws.draw_date', '=', date)
    .executeTakeFirst();

export type DrawFairnessRow = NonNullable<Awaited<ReturnType<typeof drawWithFairness>>>;
