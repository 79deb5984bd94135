import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface WinRow {
  drawId: number;
  lotteryId: number;
  lotteryName: string;
  date: string;
  ballotId: number;
  ballotCount: number;
  drawnAt: number;
}

/**
 * The draws a participant won that were drawn after `since`, newest first. The draws drawn since
 * are found along the drawn_at index, and each one's winner as the run holding the winning
 * number (ADR 0016): the last of the draw's runs starting at or before it.
 */
export const winsDrawnAfter = async (
  db: Db,
  participantId: number,
  since: number,
  limit: number,
): Promise<WinRow[]> => {
  const rows = await db
    .selectFrom('draw_results')
    .innerJoin('draws', 'draws.id', 'draw_results.draw_id')
    .innerJoin('lotteries', 'lotteries.id', 'draws.lottery_id')
    .select([
      'draws.id as draw_id',
      'draws.lottery_id',
      'lotteries.name as lottery_name',
      'draws.draw_date',
      'draw_results.winning_ballot_id',
      'draw_results.ballot_count',
      'draw_results.drawn_at',
    ])
    .where('draw_results.drawn_at', '>', since)
    .where('draw_results.winning_ballot_id', 'is not', null)
    .where(
      (eb) =>
        eb
          .selectFrom('ballots as winner')
          .select('winner.participant_id')
          .whereRef('winner.draw_id', '=', 'draws.id')
          .whereRef('winner.id', '<=', 'draw_results.winning_ballot_id')
          .orderBy('winner.id', 'desc')
          .limit(1),
      '=',
      participantId,
    )
    .orderBy('draw_results.drawn_at', 'desc')
    .orderBy('draws.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    drawId: Number(r.draw_id),
    lotteryId: Number(r.lottery_id),
    lotteryName: r.lottery_name,
    date: r.draw_date,
    ballotId: Number(r.winning_ballot_id),
    ballotCount: Number(r.ballot_count),
    drawnAt: Number(r.drawn_at),
  }));
};

/** Until when the participant dismissed the notice of their wins; undefined if never. */
export const winsDismissedThrough = async (
  db: Db,
  participantId: number,
): Promise<number | undefined> => {
  const row = await db
    .selectFrom('win_notice_marks')
    .select('dismissed_through')
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.dismissed_through);
};

/** Moves the mark forward to `through` (never back: a stale page cannot bring old wins back). */
export const dismissWinsThrough = async (
  db: Db,
  participantId: number,
  through: number,
): Promise<void> => {
  await db
    .insertInto('win_notice_marks')
    .values({ participant_id: participantId, dismissed_through: through })
    .onConflict((oc) =>
      oc
        .column('participant_id')
        .doUpdateSet((eb) => ({ dismissed_through: eb.ref('excluded.dismissed_through') }))
        .whereRef('win_notice_marks.dismissed_through', '<', 'excluded.dismissed_through'),
    )
    .execute();
};
