import type { Kysely } from 'kysely';
import type { Participant } from '../../domain/index.js';
import { toParticipant } from '../mappers.js';
import type { Database, SessionsTable } from '../schema.js';

type Db = Kysely<Database>;

export type SessionRow = SessionsTable;

export const insertSession = async (db: Db, session: SessionRow): Promise<void> => {
  await db.insertInto('sessions').values(session).execute();
};

/** The session and its participant, by the hash of the cookie value: one primary-key lookup. */
export const findSession = async (
  db: Db,
  idHash: string,
): Promise<{ session: SessionRow; participant: Participant } | undefined> => {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('participants', 'participants.id', 'sessions.participant_id')
    .select([
      'sessions.id_hash',
      'sessions.participant_id',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'participants.id',
      'participants.username',
      'participants.role',
      'participants.created_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  return (
    row && {
      session: {
        id_hash: row.id_hash,
        participant_id: row.participant_id,
        created_at: row.session_created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
      },
      participant: toParticipant(row),
    }
  );
};

export const touchSession = async (
  db: Db,
  idHash: string,
  lastSeenAt: number,
  expiresAt: number,
): Promise<void> => {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
};

export const deleteSession = async (db: Db, idHash: string): Promise<void> => {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
};

/**
 * Ends every session of the participant except `keepHash` (all of them when it is null); returns
 * how many ended.
 */
export const deleteOtherSessions = async (
  db: Db,
  participantId: number,
  keepHash: string | null,
): Promise<number> => {
  let query = db.deleteFrom('sessions').where('participant_id', '=', participantId);
  if (keepHash !== null) query = query.where('id_hash', '!=', keepHash);
  return Number((await query.executeTakeFirst()).numDeletedRows);
};

export const deleteExpiredSessions = async (db: Db, now: number): Promise<number> =>
  Number(
    (await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst())
      .numDeletedRows,
  );
