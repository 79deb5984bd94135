import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  holdsBallot,
  ownDrawsPage,
  ownRunsInDraw,
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
/** Runs read per query while folding them into ranges. */
const RUN_BATCH = 1000;

/**
 * Folds the participant's runs in a draw into ranges of consecutive numbers, from `from` on,
 * until `limit` ranges: `next` is where the following range starts.
 */
const foldRanges = async (
  db: Kysely<Database>,
  q: { participantId: number; drawId: number; from: number; to: number; limit: number },
): Promise<{ ranges: BallotRange[]; next: number | null }> => {
  const ranges: BallotRange[] = [];
  for (let from = q.from; ;) {
    const runs = await ownRunsInDraw(db, { ...q, from, limit: RUN_BATCH });
    for (const run of runs) {
      const end = run.id + run.quantity - 1;
      const last = ranges[ranges.length - 1];
      if (last && run.id === last.last + 1) last.last = end;
      else if (ranges.length === q.limit) return { ranges, next: run.id };
      else ranges.push({ first: run.id, last: end });
    }
    if (runs.length < RUN_BATCH) return { ranges, next: null };
    from = runs[runs.length - 1]!.id + 1;
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
      const { ranges, next } = await foldRanges(ctx.db, {
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
