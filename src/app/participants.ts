import {
  findCredentials,
  findParticipantById,
  findPasswordHash,
  insertParticipant,
  setRole,
} from '../db/repositories/participants.js';
import {
  DomainError,
  promote,
  validateNewPassword,
  validateRegistration,
  type Participant,
  type Registration,
} from '../domain/index.js';
import type { AppContext } from './context.js';

export const registerParticipant = async (
  ctx: AppContext,
  input: Registration,
  role: Participant['role'] = 'participant',
): Promise<Participant> => {
  const valid = validateRegistration(input, ctx.isCommonPassword);
  const passwordHash = await ctx.passwords.hash(valid.password);
  return insertParticipant(ctx.db, {
    username: valid.username,
    passwordHash,
    role,
    now: ctx.clock.now(),
  });
};

// A fixed hash verified when the user is unknown, so both failures take the same time.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a username and password. Unknown users and wrong passwords fail identically (same
 * error, same work), so the answer does not reveal which usernames exist.
 */
export const authenticate = async (
  ctx: AppContext,
  username: string,
  password: string,
): Promise<Participant> => {
  const found = await findCredentials(ctx.db, username);
  if (!found) {
    decoyHash ??= ctx.passwords.hash('decoy password that never matches');
    await ctx.passwords.verify(await decoyHash, password);
    throw new DomainError('invalid-credentials');
  }
  if (!(await ctx.passwords.verify(found.passwordHash, password)))
    throw new DomainError('invalid-credentials');
  return found.participant;
};

/**
 * Checks the current password and the new one, and returns the new one's hash for the caller to
 * store (with whatever must change together with it).
 */
export const checkPasswordChange = async (
  ctx: AppContext,
  participant: Participant,
  currentPassword: string,
  newPassword: string,
): Promise<string> => {
  const hash = await findPasswordHash(ctx.db, participant.id);
  if (hash === undefined || !(await ctx.passwords.verify(hash, currentPassword))) {
    throw new DomainError('invalid-credentials', 'The current password is wrong.');
  }
  validateNewPassword(newPassword, participant.username, ctx.isCommonPassword);
  return ctx.passwords.hash(newPassword);
};

export const promoteParticipant = async (
  ctx: AppContext,
  username: string,
): Promise<Participant> => {
  const found = await findCredentials(ctx.db, username);
  if (!found)
    throw new DomainError('participant-not-found', `There is no participant named "${username}".`);
  const promoted = promote(found.participant);
  if (promoted !== found.participant) await setRole(ctx.db, promoted.id, promoted.role);
  return promoted;
};

/**
 * Creates the configured admin at start if that account does not exist yet. An existing account
 * is left as it is (its password is never overwritten from the environment).
 */
export const ensureAdmin = async (
  ctx: AppContext,
  username: string,
  password: string,
): Promise<{ created: boolean; participant: Participant }> => {
  const found = await findCredentials(ctx.db, username);
  if (found) return { created: false, participant: found.participant };
  try {
    return {
      created: true,
      participant: await registerParticipant(ctx, { username, password }, 'admin'),
    };
  } catch (error) {
    // Another instance created it a moment ago.
    if (error instanceof DomainError && error.code === 'username-taken') {
      const again = await findCredentials(ctx.db, username);
      if (again) return { created: false, participant: again.participant };
    }
    throw error;
  }
};

export const getParticipant = async (ctx: AppContext, id: number): Promise<Participant> => {
  const participant = await findParticipantById(ctx.db, id);
  if (!participant) throw new DomainError('participant-not-found');
  return participant;
};
