import type { LocalDate } from './calendar.js';
import { DomainError } from './errors.js';
import type { Instant } from './ports.js';

/**
 * A draw's life: `open` during its day, `closed` from its midnight (no ballot may join any more),
 * then `drawn` once its result is recorded. There is no way back.
 */
export type DrawStatus = 'open' | 'closed' | 'drawn';

export interface DrawResult {
  ballotCount: number;
  /** Null when the draw had no ballots. */
  winningBallotId: number | null;
  winningIndex: number | null;
  drawnAt: Instant;
}

export interface Draw {
  id: number;
  lotteryId: number;
  date: LocalDate;
  opensAt: Instant;
  closesAt: Instant;
  status: DrawStatus;
  closedAt: Instant | null;
  result: DrawResult | null;
}

/**
 * A ballot may join only an open draw, and only before its midnight. (Which day's draw it tries
 * is decided by the lottery's calendar; see `currentDrawDate`.)
 */
export const canAcceptBallot = (draw: Pick<Draw, 'status' | 'closesAt'>, now: Instant): boolean =>
  draw.status === 'open' && now < draw.closesAt;

export const isDue = (draw: Pick<Draw, 'status' | 'closesAt'>, now: Instant): boolean =>
  draw.status !== 'drawn' && now >= draw.closesAt;

/** open → closed, allowed from the draw's midnight on. */
export const closeDraw = (draw: Draw, now: Instant): Draw => {
  if (draw.status !== 'open') {
    throw new DomainError(
      'draw-already-closed',
      `The draw of ${draw.date} is already ${draw.status}.`,
    );
  }
  if (now < draw.closesAt) {
    throw new DomainError('draw-not-due', `The draw of ${draw.date} closes at its midnight.`);
  }
  return { ...draw, status: 'closed', closedAt: now };
};

/**
 * closed → drawn. The winner must be the ballot at `winningIndex` of the sealed set; with no ballots
 * there is no winner.
 */
export const recordResult = (draw: Draw, result: DrawResult): Draw => {
  if (draw.status !== 'closed') {
    throw new DomainError(
      'draw-not-closed',
      `The draw of ${draw.date} is ${draw.status}, not closed.`,
    );
  }
  const empty = result.ballotCount === 0;
  const consistent = empty
    ? result.winningBallotId === null && result.winningIndex === null
    : result.winningBallotId !== null &&
      result.winningIndex !== null &&
      Number.isInteger(result.winningIndex) &&
      result.winningIndex >= 0 &&
      result.winningIndex < result.ballotCount;
  if (!consistent) {
    throw new DomainError(
      'validation',
      'A draw result must name one of its ballots, or none when it had none.',
    );
  }
  return { ...draw, status: 'drawn', result };
};
