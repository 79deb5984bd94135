import {
  addDays,
  currentDrawDate,
  DomainError,
  hasDrawOn,
  validateQuantity,
  type LocalDate,
  type Lottery,
  type Participant,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { ballotIntake } from './ballot-intake.js';
import { ensureDrawFor } from './draws.js';
import { recentLottery } from './lotteries.js';

export interface SubmittedBallots {
  lotteryId: number;
  drawId: number;
  drawDate: LocalDate;
  submittedAt: number;
  ballotIds: number[];
}

/**
 * Submits ballots to the lottery's current draw. The day is decided from one clock reading
 * inside the transaction that stores the ballots, while the draw row is locked against its
 * close, so a ballot is in exactly one draw: today's if it got in before midnight, else the
 * next day's (or refused once the lottery has finished).
 */
export const submitBallots = async (
  ctx: AppContext,
  participant: Participant,
  lotteryId: number,
  quantityInput: number | undefined,
): Promise<SubmittedBallots> => {
  const submitted = await submitBallotsOnce(ctx, participant, lotteryId, quantityInput);
  if (submitted === 'duplicate') throw new Error('a submission without a key cannot repeat one');
  return submitted;
};

/**
 * `submitBallots`, at most once per Idempotency-Key: the key is claimed in the transaction that
 * stores the ballots, with what was stored. `duplicate` when a request with the key has already
 * committed: then nothing was stored, and that request's outcome is under the key.
 */
export const submitBallotsOnce = async (
  ctx: AppContext,
  participant: Participant,
  lotteryId: number,
  quantityInput: number | undefined,
  idempotency?: { key: string; requestHash: string },
): Promise<SubmittedBallots | 'duplicate'> => {
  const quantity = validateQuantity(quantityInput);
  const lottery = await recentLottery(ctx, lotteryId);
  if (!lottery)
    throw new DomainError('lottery-not-found', `There is no lottery with id ${lotteryId}.`);

  let date = currentDrawDate(lottery, ctx.clock.now());
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await ballotIntake(ctx).submit({
      lotteryId,
      participantId: participant.id,
      quantity,
      date,
      ...(idempotency ? { idempotency } : {}),
    });
    switch (outcome.kind) {
      case 'duplicate':
        return 'duplicate';
      case 'accepted':
        ctx.events?.ballotsSubmitted?.(outcome.ballotIds.length);
        return {
          lotteryId,
          drawId: outcome.drawId,
          drawDate: date,
          submittedAt: outcome.submittedAt,
          ballotIds: outcome.ballotIds,
        };
      case 'cancelled':
        throw new DomainError('lottery-not-open', 'The lottery was cancelled.', {
          details: { status: 'cancelled' },
        });
      case 'missing':
        // The scheduler opens draws ahead of time; this only matters when it lags behind.
        await ensureDrawFor(ctx, lotteryId, date);
        break;
      case 'closed':
        // The draw closed between our clock reading and our lock (midnight, or another
        // instance's clock running slightly ahead): the ballot belongs to the next day, if the
        // lottery has one.
        date = nextDrawDate(lottery, date);
        break;
    }
  }
  throw new DomainError('lottery-not-open', 'The draw is closing; please try again in a moment.');
};

const nextDrawDate = (lottery: Lottery, date: LocalDate): LocalDate => {
  const next = addDays(date, 1);
  if (!hasDrawOn(lottery, next)) {
    throw new DomainError('lottery-not-open', 'The lottery has finished.', {
      details: { status: 'finished' },
    });
  }
  return next;
};
