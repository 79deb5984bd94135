import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  holdsBallot,
  ownDrawsPage,
  ownIslandsInDraw,
  type OwnDrawRow,
} from '../db/repositories/own-draws.js';
import type { Participant } from '../domain/index.js';
import type { AppContext } from './context.js';

/** Consecutive ballot numbers a participant holds, first to last. */
export interface BallotRange {
  first: number;
  last: number;
}

export interface MyDraw extends Omit<OwnDrawRow, 'winningBallotId' | 'lastRunId'> {
  /** The participant's winning ballot in it, if they won it. */
  wonWith: number | null;
  /** Their first ranges, ascending; `rangesNext` goes on from there (null: that was all). */
  ranges: BallotRange[];
  rangesNext: number | null;
}

/** How many ranges a draw's summary shows; the rest come a page at a time. */
export const SUMMARY_RANGES = 20;
/** Runs folded per query. */
const RUN_BATCH = 10_000;

/**
 * The participant's ranges of consecutive numbers in a draw, from `from` on, until `limit`
 * ranges: `next` is where the following range starts (null: there is none).
 */
export const foldRanges = async (
  db: Kysely<Database>,
  q: { participantId: number; drawId: number; from: number; to: number; limit: number },
  batch = RUN_BATCH,
): Promise<{ ranges: BallotRange[]; next: number | null }> => {
  const ranges: BallotRange[] = [];
  for (let from = q.from; ;) {
    const islands = await ownIslandsInDraw(db, { ...q, from, runs: batch });
    let read = 0;
    for (const island of islands) {
      read += island.runs;
      const last = ranges[ranges.length - 1];
      // A range cut by the end of the previous batch goes on in this one.
      if (last && island.first === last.last + 1) last.last = island.last;
      else if (ranges.length === q.limit) return { ranges, next: island.first };
      else ranges.push({ first: island.first, last: island.last });
    }
    if (read < batch) return { ranges, next: null };
    from = ranges[ranges.length - 1]!.last + 1;
  }
};

/**
 * A page of the draws the participant has ballots in, the one they played last first: their
 * count, their first ranges and whether they won, whatever the number of ballots.
 */
export const myDraws = async (
  ctx: AppContext,
  participant: Participant,
  q: { lotteryId?: number; date?: string; before?: number; limit: number },
): Promise<{ draws: MyDraw[]; next: number | null }> => {
  const rows = await ownDrawsPage(ctx.db, {
    ...q,
    participantId: participant.id,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const draws = await Promise.all(
    page.map(async ({ winningBallotId, lastRunId: _, ...row }): Promise<MyDraw> => {
      const won =
        winningBallotId !== null &&
        winningBallotId >= row.firstId &&
        winningBallotId <= row.lastId &&
        (await holdsBallot(ctx.db, participant.id, row.drawId, winningBallotId));
      // Every number between their first and last is theirs: one range, nothing to read.
      const { ranges, next } =
        row.ballots === row.lastId - row.firstId + 1
          ? { ranges: [{ first: row.firstId, last: row.lastId }], next: null }
          : await foldRanges(ctx.db, {
              participantId: participant.id,
              drawId: row.drawId,
              from: row.firstId,
              to: row.lastId,
              limit: SUMMARY_RANGES,
            });
      return { ...row, wonWith: won ? winningBallotId : null, ranges, rangesNext: next };
    }),
  );
  return { draws, next: rows.length > q.limit ? page[page.length - 1]!.lastRunId : null };
};

/** The participant's ranges in one draw from `from` on, a page at a time (none if they hold none). */
export const myRangesInDraw = async (
  ctx: AppContext,
  participant: Participant,
  drawId: number,
  page: { from: number; limit: number },
): Promise<{ ranges: BallotRange[]; next: number | null }> => {
  // The draw's highest number bounds the search (found along the draw's own index).
  const top = await ctx.db
    .selectFrom('ballots')
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .where('draw_id', '=', drawId)
    .executeTakeFirst();
  if (top?.id === null || top?.id === undefined) return { ranges: [], next: null };
  return foldRanges(ctx.db, {
    participantId: participant.id,
    drawId,
    from: page.from,
    to: Number(top.id),
    limit: page.limit,
  });
};
