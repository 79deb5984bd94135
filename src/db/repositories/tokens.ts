import type { Kysely } from 'kysely';
import type { Participant } from '../../domain/index.js';
import { toParticipant } from '../mappers.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface ApiToken {
  id: number;
  name: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export const insertToken = async (
  db: Db,
  input: { participantId: number; tokenHash: string; name: string | null; now: number },
): Promise<ApiToken> => {
  const row = await db
    .insertInto('api_tokens')
    .values({
      participant_id: input.participantId,
      token_hash: input.tokenHash,
      name: input.name,
      created_at: input.now,
    })
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
};

/** A live (not revoked) token and its participant, by the token's hash: one unique-index lookup. */
export const findLiveToken = async (
  db: Db,
  tokenHash: string,
): Promise<
  { tokenId: number; lastUsedAt: number | null; participant: Participant } | undefined
> => {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('participants', 'participants.id', 'api_tokens.participant_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.last_used_at',
      'participants.id',
      'participants.username',
      'participants.role',
      'participants.created_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  return (
    row && { tokenId: row.token_id, lastUsedAt: row.last_used_at, participant: toParticipant(row) }
  );
};

export const markTokenUsed = async (db: Db, tokenId: number, now: number): Promise<void> => {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
};

/** The participant's live tokens, newest first. */
export const listLiveTokens = async (db: Db, participantId: number): Promise<ApiToken[]> =>
  (
    await db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('participant_id', '=', participantId)
      .where('revoked_at', 'is', null)
      .orderBy('id', 'desc')
      .execute()
  ).map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));

/** Revokes one of the participant's tokens; false when the participant has no such live token. */
export const revokeToken = async (
  db: Db,
  participantId: number,
  tokenId: number,
  now: number,
): Promise<boolean> => {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('participant_id', '=', participantId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** Revokes every live token of the participant; returns how many. */
export const revokeAllTokens = async (
  db: Db,
  participantId: number,
  now: number,
): Promise<number> => {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('participant_id', '=', participantId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
};
