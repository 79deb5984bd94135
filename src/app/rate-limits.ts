import {
  clearBucket,
  countEvent,
  deleteStaleBuckets,
  eventsInWindow,
  uncountEvent,
} from '../db/repositories/rate-limits.js';
import { DomainError } from '../domain/index.js';
import type { AppContext } from './context.js';

/**
 * At most `max` events per fixed window of `windowMs`. Counts live in the database, so a limit
 * holds across every instance of the service.
 */
export interface Limit {
  max: number;
  windowMs: number;
}

const windowStart = (now: number, limit: Limit) => now - (now % limit.windowMs);

const refuse = (limit: Limit, now: number, message: string): never => {
  const retryAfter = Math.max(
    1,
    Math.ceil((windowStart(now, limit) + limit.windowMs - now) / 1000),
  );
  throw new DomainError('rate-limited', message, { details: { retryAfter } });
};

/** Counts an attempt and refuses it when it is one too many for the window. */
export const countAttempt = async (
  ctx: AppContext,
  bucket: string,
  limit: Limit,
  message: string,
): Promise<void> => {
  const now = ctx.clock.now();
  const count = await countEvent(ctx.db, bucket, windowStart(now, limit));
  if (count > limit.max) refuse(limit, now, message);
};

/** Refuses when the bucket is already full for the window, without counting anything. */
export const ensureNotLimited = async (
  ctx: AppContext,
  bucket: string,
  limit: Limit,
  message: string,
): Promise<void> => {
  const now = ctx.clock.now();
  if ((await eventsInWindow(ctx.db, bucket, windowStart(now, limit))) >= limit.max) {
    refuse(limit, now, message);
  }
};

/** Counts an event (a failure) that later attempts are checked against. */
export const countEventIn = async (
  ctx: AppContext,
  bucket: string,
  limit: Limit,
): Promise<void> => {
  await countEvent(ctx.db, bucket, windowStart(ctx.clock.now(), limit));
};

/** Takes back an attempt counted with `countAttempt` that turned out not to be a failure. */
export const uncountAttempt = async (
  ctx: AppContext,
  bucket: string,
  limit: Limit,
): Promise<void> => {
  await uncountEvent(ctx.db, bucket, windowStart(ctx.clock.now(), limit));
};

export const clearLimit = (ctx: AppContext, bucket: string): Promise<void> =>
  clearBucket(ctx.db, bucket);

/** Forgets windows older than `olderThanMs` (for a periodic clean-up). */
export const purgeRateLimits = (ctx: AppContext, olderThanMs: number): Promise<number> =>
  deleteStaleBuckets(ctx.db, ctx.clock.now() - olderThanMs);
