import { countEvent, deleteStaleBuckets } from '../db/repositories/rate-limits.js';
import { DomainError, type RateLimit } from '../domain/index.js';
import type { AppContext } from './context.js';

/**
 * At most `max` events per fixed window of `windowMs`. Counts live in the database, so a limit
 * holds across every instance of the service.
 */
export type Limit = RateLimit;

const windowStart = (now: number, limit: Limit) => now - (now % limit.windowMs);

/** Counts an attempt and refuses it when it is one too many for the window. */
export const countAttempt = async (
  ctx: AppContext,
  bucket: string,
  limit: Limit,
  message: string,
): Promise<void> => {
  const now = ctx.clock.now();
  const count = await countEvent(ctx.db, bucket, windowStart(now, limit));
  if (count > limit.max) {
    const retryAfter = Math.max(
      1,
      Math.ceil((windowStart(now, limit) + limit.windowMs - now) / 1000),
    );
    throw new DomainError('rate-limited', message, { details: { retryAfter } });
  }
};

/** Forgets windows older than `olderThanMs` (for a periodic clean-up). */
export const purgeRateLimits = (ctx: AppContext, olderThanMs: number): Promise<number> =>
  deleteStaleBuckets(ctx.db, ctx.clock.now() - olderThanMs);
