import {
  deleteExpiredSessions,
  deleteOtherSessions,
  deleteSession,
  findSession,
  insertSession,
  touchSession,
} from '../db/repositories/sessions.js';
import { updatePassword } from '../db/repositories/participants.js';
import { revokeAllTokens } from '../db/repositories/tokens.js';
import { DomainError, isDomainError, type LoginLimits, type Participant } from '../domain/index.js';
import type { AppContext } from './context.js';
import { checkPasswordWithinLimits } from './login-limits.js';
import { authenticate, checkPasswordChange } from './participants.js';
import { hashSecret, newSecret } from './secrets.js';

/** A session ends after `idleMs` without use, and `absoluteMs` after login whatever happens. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** Last use is recorded at most this often, so an active session does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

const expiry = (policy: SessionPolicy, createdAt: number, lastSeenAt: number) =>
  Math.min(lastSeenAt + policy.idleMs, createdAt + policy.absoluteMs);

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

/** Checks a login under the failed-login limits (`checkPasswordWithinLimits`). */
export const logIn = (
  ctx: AppContext,
  input: { username: string; password: string; address: string },
  limits: LoginLimits,
): Promise<Participant> =>
  checkPasswordWithinLimits(ctx, input, limits, () =>
    authenticate(ctx, input.username, input.password),
  );

/** What a password change ended with it. */
export interface PasswordChanged {
  /** The caller's other sessions, ended (a change made with a session keeps that one). */
  sessionsEnded: number;
  /** Every API token of the participant, revoked. */
  tokensRevoked: number;
}

/**
 * Changes the participant's own password, and in the same transaction ends all their other
 * sessions and revokes all their API tokens: whoever held one of them must now know the new
 * password. A wrong current password counts as a failed login for the account from the caller's
 * address.
 */
export const changeOwnPassword = async (
  ctx: AppContext,
  participant: Participant,
  input: { currentPassword: string; newPassword: string },
  options: { keepSessionId: string | null; limits: LoginLimits; address: string },
): Promise<PasswordChanged> => {
  let newHash: string;
  try {
    newHash = await checkPasswordWithinLimits(
      ctx,
      { username: participant.username, address: options.address },
      options.limits,
      () => checkPasswordChange(ctx, participant, input.currentPassword, input.newPassword),
    );
  } catch (error) {
    if (isDomainError(error, 'invalid-credentials')) {
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
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await updatePassword(tx, participant.id, newHash, now);
    return {
      sessionsEnded: await deleteOtherSessions(
        tx,
        participant.id,
        keep !== null && sessionIdPattern.test(keep) ? hashSecret(keep) : null,
      ),
      tokensRevoked: await revokeAllTokens(tx, participant.id, now),
    };
  });
};

export const purgeExpiredSessions = (ctx: AppContext): Promise<number> =>
  deleteExpiredSessions(ctx.db, ctx.clock.now());
