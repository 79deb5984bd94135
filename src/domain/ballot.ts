import type { LocalDate } from './calendar.js';
import { Validation } from './errors.js';
import type { Instant } from './ports.js';

/** One entry of one participant in one draw. Immutable: never edited, never deleted. */
export interface Ballot {
  /** The public ballot number, unique across the system; ascending order is the canonical order. */
  id: number;
  lotteryId: number;
  drawId: number;
  drawDate: LocalDate;
  participantId: number;
  submittedAt: Instant;
}

export const ballotRules = { minQuantity: 1, maxQuantity: 1000 } as const;

export const validateQuantity = (quantity: number | undefined): number => {
  const q = quantity ?? 1;
  new Validation()
    .check(
      Number.isInteger(q) && q >= ballotRules.minQuantity && q <= ballotRules.maxQuantity,
      '/quantity',
      `must be a whole number from ${ballotRules.minQuantity} to ${ballotRules.maxQuantity}`,
    )
    .throwIfAny('The number of ballots is not valid.');
  return q;
};
