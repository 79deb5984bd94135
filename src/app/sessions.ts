import {
  deleteExpiredSessions,
  deleteOtherSessions,
  deleteSession,
  findSession,
  insertSession,
  touchSession,
} from '../db/repositories/sessions.js';
import { DomainError, isDomainError, usernameKey, type Participant } from '../domain/index.js';
import type { AppContext } from './context.js';
import { authenticate, changePassword } from './participants.js';
import {
  clearLimit,
  countAttempt,
  countEventIn,
  ensureNotLimited,
  uncountAttempt,
  type Limit,
} from './rate-limits.js';
import { hashSecret, newSecret } from './secrets.js';

/** A session ends after `idleMs` without use, and `absoluteMs` after login whatever happens. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleMs: 7 * 24 * 3_600_000,
  absoluteMs: 30 * 24 * 3_600_000,
};

/** Failed logins allowed per client address, and per account (after which it is slowed down). */
export interface LoginLimits {
  perAddress: Limit;
  perAccount: Limit;
}

/** Last use is recorded at most this often, so an active session does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

const expiry = (policy: SessionPolicy, createdAt: number, lastSeenAt: number) =>
  Math.min(lastSeenAt + policy.idleMs, createdAt + policy.absoluteMs);

const addressBucket = (address: string) => `login-failures:address:${address}`;
const accountBucket = (username: string) => `login-failures:account:${usernameKey(username)}`;

/**
 * Starts a new session with a fresh random id; the session the browser held before (if any) ends,
 * so an id planted before login is worthless after it. Returns the id for the cookie.
 */
export const startSession = async (
  ctx: AppContext,
  participant: Participant,
  policy: SessionPolicy,
  replacing?: string,
): Promise<{ id: string; expiresAt: number }> => {
  if (replacing !== undefined) await endSession(ctx, replacing);
  const id = newSecret(ctx.random);
  const now = ctx.clock.now();
  const expiresAt = expiry(policy, now, now);
  await insertSession(ctx.db, {
    id_hash: hashSecret(id),
    participant_id: participant.id,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
  });
  return { id, expiresAt };
};

/** The participant a session id belongs to, or undefined when it is unknown or has expired. */
export const resumeSession = async (
  ctx: AppContext,
  id: string,
  policy: SessionPolicy,
): Promise<Participant | undefined> => {
  if (!sessionIdPattern.test(id)) return undefined;
  const idHash = hashSecret(id);
  const found = await findSession(ctx.db, idHash);
  if (!found) return undefined;
  const { session } = found;
  const now = ctx.clock.now();
  if (
    now >= Math.min(session.expires_at, expiry(policy, session.created_at, session.last_seen_at))
  ) {
    await deleteSession(ctx.db, idHash);
    return undefined;
  }
  if (now - session.last_seen_at >= TOUCH_EVERY_MS) {
    await touchSession(ctx.db, idHash, now, expiry(policy, session.created_at, now));
  }
  return found.participant;
};

export const endSession = async (ctx: AppContext, id: string): Promise<void> => {
  if (sessionIdPattern.test(id)) await deleteSession(ctx.db, hashSecret(id));
};

/**
 * Checks a login under the failed-login limits: too many failures from one address, or for one
 * account, refuse further attempts until the window ends. Unknown and known usernames are
 * counted alike, so the limits reveal nothing about which accounts exist.
 */
export const logIn = async (
  ctx: AppContext,
  input: { username: string; password: string; address: string },
  limits: LoginLimits,
): Promise<Participant> => {
  const byAddress = addressBucket(input.address);
  const byAccount = accountBucket(input.username);
  // Every attempt is counted before the password is checked, so a burst of concurrent guesses
  // cannot all pass the limit first; a successful login takes its count back.
  await countAttempt(
    ctx,
    byAddress,
    limits.perAddress,
    'Too many failed logins from your address; wait and try again.',
  );
  try {
    await countAttempt(
      ctx,
      byAccount,
      limits.perAccount,
      'Too many failed logins for this account; wait and try again.',
    );
  } catch (error) {
    // Refused for the account: not a guess against the password, so not the address's failure.
    await uncountAttempt(ctx, byAddress, limits.perAddress);
    throw error;
  }
  let participant: Participant;
  try {
    participant = await authenticate(ctx, input.username, input.password);
  } catch (error) {
    if (!isDomainError(error, 'invalid-credentials')) {
      await uncountAttempt(ctx, byAddress, limits.perAddress);
      await uncountAttempt(ctx, byAccount, limits.perAccount);
    }
    throw error;
  }
  await uncountAttempt(ctx, byAddress, limits.perAddress);
  await clearLimit(ctx, byAccount);
  return participant;
};

/**
 * Changes the participant's own password and ends all their other sessions. A wrong current
 * password counts as a failed login for the account.
 */
export const changeOwnPassword = async (
  ctx: AppContext,
  participant: Participant,
  input: { currentPassword: string; newPassword: string },
  options: { keepSessionId: string | null; limits: LoginLimits },
): Promise<void> => {
  const byAccount = accountBucket(participant.username);
  await ensureNotLimited(
    ctx,
    byAccount,
    options.limits.perAccount,
    'Too many wrong passwords for this account; wait and try again.',
  );
  try {
    await changePassword(ctx, participant, input.currentPassword, input.newPassword);
  } catch (error) {
    if (isDomainError(error, 'invalid-credentials')) {
      await countEventIn(ctx, byAccount, options.limits.perAccount);
      throw new DomainError('validation', 'The current password is wrong.', {
        fields: [{ field: '/currentPassword', message: 'is not your current password' }],
      });
    }
    if (isDomainError(error, 'validation')) {
      // The rules speak of "the password"; here it is the new one.
      throw new DomainError('validation', error.message, {
        fields: error.fields.map((f) => ({
          ...f,
          field: f.field === '/password' ? '/newPassword' : f.field,
        })),
      });
    }
    throw error;
  }
  const keep = options.keepSessionId;
  await deleteOtherSessions(
    ctx.db,
    participant.id,
    keep !== null && sessionIdPattern.test(keep) ? hashSecret(keep) : null,
  );
};

export const purgeExpiredSessions = (ctx: AppContext): Promise<number> =>
  deleteExpiredSessions(ctx.db, ctx.clock.now());
