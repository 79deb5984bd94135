import {
  findLiveToken,
  insertToken,
  listLiveTokens,
  markTokenUsed,
  revokeToken as revoke,
  type ApiToken,
} from '../db/repositories/tokens.js';
import { DomainError, type Participant } from '../domain/index.js';
import type { AppContext } from './context.js';
import { hashSecret, newSecret } from './secrets.js';

export type { ApiToken };

/** Personal API tokens start with this, so secret scanners and people recognise them. */
export const TOKEN_PREFIX = 'lot_';

const tokenPattern = /^lot_[A-Za-z0-9_-]{43}$/;

/** Last use is recorded at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** Creates a personal API token. The secret is shown this once; only its hash is kept. */
export const createToken = async (
  ctx: AppContext,
  participant: Participant,
  name: string | undefined,
): Promise<ApiToken & { token: string }> => {
  const token = `${TOKEN_PREFIX}${newSecret(ctx.random)}`;
  const trimmed = name?.trim();
  const stored = await insertToken(ctx.db, {
    participantId: participant.id,
    tokenHash: hashSecret(token),
    name: trimmed ? trimmed : null,
    now: ctx.clock.now(),
  });
  return { ...stored, token };
};

export const listTokens = (ctx: AppContext, participant: Participant): Promise<ApiToken[]> =>
  listLiveTokens(ctx.db, participant.id);

/** Revokes one of the participant's own tokens; anyone else's is "not found". */
export const revokeToken = async (
  ctx: AppContext,
  participant: Participant,
  id: number,
): Promise<void> => {
  if (!(await revoke(ctx.db, participant.id, id, ctx.clock.now()))) {
    throw new DomainError('token-not-found', `You have no token with id ${id}.`);
  }
};

/** The participant a live token belongs to, or undefined. */
export const resolveToken = async (
  ctx: AppContext,
  token: string,
): Promise<Participant | undefined> => {
  if (!tokenPattern.test(token)) return undefined;
  const found = await findLiveToken(ctx.db, hashSecret(token));
  if (!found) return undefined;
  const now = ctx.clock.now();
  if (found.lastUsedAt === null || now - found.lastUsedAt >= TOUCH_EVERY_MS) {
    await markTokenUsed(ctx.db, found.tokenId, now);
  }
  return found.participant;
};
