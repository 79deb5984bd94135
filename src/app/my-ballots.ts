import { listOwnBallots, ownBallotCounts, type OwnBallot } from '../db/repositories/ballots.js';
import type { LocalDate, Participant } from '../domain/index.js';
import type { AppContext } from './context.js';
import type { LotteryView } from './lotteries.js';

export type { OwnBallot };

/** The participant's own ballots, newest first; `next` is the `before` of the next page. */
export const myBallots = async (
  ctx: AppContext,
  participant: Participant,
  query: {
    lotteryId?: number | undefined;
    date?: LocalDate | undefined;
    before?: number | undefined;
    limit: number;
  },
): Promise<{ ballots: OwnBallot[]; next: number | null }> => {
  const rows = await listOwnBallots(ctx.db, {
    ...query,
    participantId: participant.id,
    limit: query.limit + 1,
  });
  const ballots = rows.slice(0, query.limit);
  return { ballots, next: rows.length > query.limit ? ballots[ballots.length - 1]!.id : null };
};

export interface MyBallotCount {
  /** In the lottery's draw of today. */
  today: number;
  total: number;
}

/** How many ballots the participant holds in each of these lotteries. */
export const myBallotCounts = async (
  ctx: AppContext,
  participant: Participant,
  lotteries: LotteryView[],
): Promise<Map<number, MyBallotCount>> => {
  const drawIds = lotteries.flatMap((l) => (l.today ? [l.today.drawId] : []));
  const counts = await ownBallotCounts(ctx.db, participant.id, drawIds);
  return new Map(
    lotteries.map((l) => [
      l.id,
      {
        today: l.today ? (counts.byDraw.get(l.today.drawId) ?? 0) : 0,
        total: counts.totalByLottery.get(l.id) ?? 0,
      },
    ]),
  );
};
