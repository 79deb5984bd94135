import type { MyBallot } from '../../api/types';

export interface BallotGroup {
  key: string;
  date: string;
  lotteryId: number;
  lotteryName: string;
  drawStatus: string;
  ballots: MyBallot[];
}

/** Consecutive ballots of the same draw, in the order the API gave them (newest first). */
export const groupBallots = (ballots: MyBallot[]): BallotGroup[] => {
  const groups: BallotGroup[] = [];
  for (const ballot of ballots) {
    const key = `${ballot.drawDate}|${ballot.lotteryId}`;
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.ballots.push(ballot);
    else
      groups.push({
        key,
        date: ballot.drawDate,
        lotteryId: ballot.lotteryId,
        lotteryName: ballot.lotteryName,
        drawStatus: ballot.drawStatus,
        ballots: [ballot],
      });
  }
  return groups;
};
