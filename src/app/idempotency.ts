import { createHash } from 'node:crypto';
import {
  completeKey,
  deleteExpiredKeys,
  findKey,
  PENDING_STATUS,
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

export interface KeyScope {
  participantId: number;
  key: string;
  requestHash: string;
}

/**
 * What an earlier request with the key left: its stored response, or (when it died between
 * committing and storing its response, or is just about to store it) the outcome it committed
 * with its writes, to rebuild the response from (ADR 0012).
 */
export type Earlier<T> = { response: StoredResponse<T> } | { outcome: string };

/**
 * Looks a key up before a request runs: undefined when no request with it has committed (or its
 * 24 hours are over). Refuses the key when it was used for a different request. A key reserved
 * by a version before ADR 0012 and never finished says "in progress" until it expires.
 */
export const recallKey = async <T>(
  ctx: AppContext,
  scope: KeyScope,
): Promise<Earlier<T> | undefined> => {
  const { participantId, key } = scope;
  await deleteExpiredKeys(ctx.db, ctx.clock.now() - IDEMPOTENCY_TTL_MS, { participantId, key });
  const existing = await findKey(ctx.db, participantId, key);
  if (!existing) return undefined;
  if (existing.request_hash !== scope.requestHash) {
    throw new DomainError(
      'idempotency-key-reused',
      'That Idempotency-Key was already used for a different request; use a new key for a new request.',
    );
  }
  if (existing.response_status !== PENDING_STATUS) {
    return {
      response: {
        status: existing.response_status,
        body: JSON.parse(existing.response_body) as T,
      },
    };
  }
  if (existing.outcome !== null) return { outcome: existing.outcome };
  throw new DomainError(
    'idempotency-key-in-progress',
    'A request with that Idempotency-Key is still being processed; retry in a moment.',
    { details: { retryAfter: 1 } },
  );
};

/**
 * Stores the response to give every retry with the key. The first one stored stays: the answer
 * then returned is that one, so all retries get the same.
 */
export const rememberResponse = async <T>(
  ctx: AppContext,
  scope: KeyScope,
  response: StoredResponse<T>,
): Promise<StoredResponse<T>> => {
  const stored = await completeKey(ctx.db, {
    participantId: scope.participantId,
    key: scope.key,
    status: response.status,
    body: JSON.stringify(response.body),
  });
  if (stored) return response;
  const earlier = await recallKey<T>(ctx, scope);
  if (earlier && 'response' in earlier) return earlier.response;
  throw new Error(`the response under Idempotency-Key ${scope.key} was neither stored nor found`);
};

export const purgeExpiredIdempotencyKeys = (ctx: AppContext): Promise<number> =>
  deleteExpiredKeys(ctx.db, ctx.clock.now() - IDEMPOTENCY_TTL_MS);
