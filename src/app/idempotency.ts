import { createHash } from 'node:crypto';
import {
  completeKey,
  deleteExpiredKeys,
  findKey,
  PENDING_STATUS,
  releaseKey,
  reserveKey,
} from '../db/repositories/idempotency.js';
import { DomainError } from '../domain/index.js';
import type { AppContext } from './context.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** What identifies a request's content, so a reused key with a different request is caught. */
export const requestHash = (request: unknown): string =>
  createHash('sha256').update(JSON.stringify(request)).digest('hex');

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * Runs a request at most once per participant and key. The first request reserves the key (the
 * table's primary key makes that race-free), runs, and stores its response; a retry with the
 * same key gets that stored response instead of running again; the same key with a different
 * request is refused; a retry while the first is still running is told to wait.
 *
 * If the request fails, the key is released so it can be retried. If storing the response
 * fails, the key stays reserved: refusing retries is better than running the request twice.
 */
export const withIdempotencyKey = async <T>(
  ctx: AppContext,
  scope: { participantId: number; key: string; request: unknown },
  run: () => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> => {
  const { participantId, key } = scope;
  const hash = requestHash(scope.request);
  const now = ctx.clock.now();
  await deleteExpiredKeys(ctx.db, now - IDEMPOTENCY_TTL_MS, { participantId, key });

  if (!(await reserveKey(ctx.db, { participantId, key, requestHash: hash, now }))) {
    const existing = await findKey(ctx.db, participantId, key);
    if (existing && existing.request_hash !== hash) {
      throw new DomainError(
        'idempotency-key-reused',
        'That Idempotency-Key was already used for a different request; use a new key for a new request.',
      );
    }
    if (!existing || existing.response_status === PENDING_STATUS) {
      throw new DomainError(
        'idempotency-key-in-progress',
        'A request with that Idempotency-Key is still being processed; retry in a moment.',
        { details: { retryAfter: 1 } },
      );
    }
    return {
      status: existing.response_status,
      body: JSON.parse(existing.response_body) as T,
      replayed: true,
    };
  }

  let response: StoredResponse<T>;
  try {
    response = await run();
  } catch (error) {
    await releaseKey(ctx.db, participantId, key).catch(() => {});
    throw error;
  }
  await completeKey(ctx.db, {
    participantId,
    key,
    status: response.status,
    body: JSON.stringify(response.body),
  });
  return { ...response, replayed: false };
};

export const purgeExpiredIdempotencyKeys = (ctx: AppContext): Promise<number> =>
  deleteExpiredKeys(ctx.db, ctx.clock.now() - IDEMPOTENCY_TTL_MS);
