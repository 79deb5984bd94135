import {
  dismissWinsThrough,
  winsDismissedThrough,
  winsDrawnAfter,
  type WinRow,
} from '../db/repositories/wins.js';
import type { Participant } from '../domain/index.js';
import type { AppContext } from './context.js';

export type Win = WinRow;

/** The most wins a notice lists at once (newest first); My ballots lists them all. */
export const WIN_NOTICE_LIMIT = 20;

/**
 * The participant's wins they have not dismissed yet: those drawn after their last dismissal, or
 * since they joined if they never dismissed one. Newest first.
 */
export const undismissedWins = async (
  ctx: AppContext,
  participant: Participant,
): Promise<Win[]> => {
  const mark = await winsDismissedThrough(ctx.db, participant.id);
  return winsDrawnAfter(
    ctx.db,
    participant.id,
    mark ?? participant.createdAt - 1,
    WIN_NOTICE_LIMIT,
  );
};

/**
 * Dismisses the notice of the wins drawn up to `through` (the newest one the participant saw), so
 * that a win drawn after the page was loaded still shows. Never later than now.
 */
export const dismissWins = async (
  ctx: AppContext,
  participant: Participant,
  through: number,
): Promise<void> => {
  await dismissWinsThrough(ctx.db, participant.id, Math.min(through, ctx.clock.now()));
};
