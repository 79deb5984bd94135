import type { Kysely } from 'kysely';
import { DomainError, usernameKey, type Participant, type Role } from '../../domain/index.js';
import { isUniqueViolation } from '../errors.js';
import { toParticipant } from '../mappers.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export const insertParticipant = async (
  db: Db,
  input: { username: string; passwordHash: string; role: Role; now: number },
): Promise<Participant> => {
  try {
    const row = await db
      .insertInto('participants')
      .values({
        username: input.username,
        username_key: usernameKey(input.username),
        password_hash: input.passwordHash,
        role: input.role,
        created_at: input.now,
        password_changed_at: input.now,
      })
      .returning(['id', 'username', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
    return toParticipant(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('username-taken');
    throw error;
  }
};

export const findParticipantById = async (db: Db, id: number): Promise<Participant | undefined> => {
  const row = await db
    .selectFrom('participants')
    .select(['id', 'username', 'role', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toParticipant(row);
};

/** The participant with its password hash, for logging in. */
export const findCredentials = async (
  db: Db,
  username: string,
): Promise<{ participant: Participant; passwordHash: string } | undefined> => {
  const row = await db
    .selectFrom('participants')
    .select(['id', 'username', 'role', 'created_at', 'password_hash'])
    .where('username_key', '=', usernameKey(username))
    .executeTakeFirst();
  return row && { participant: toParticipant(row), passwordHash: row.password_hash };
};

export const findPasswordHash = async (db: Db, id: number): Promise<string | undefined> =>
  (
    await db
      .selectFrom('participants')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst()
  )?.password_hash;

export const updatePassword = async (db: Db, id: number, passwordHash: string, now: number) => {
  await db
    .updateTable('participants')
    .set({ password_hash: passwordHash, password_changed_at: now })
    .where('id', '=', id)
    .execute();
};

export const setRole = async (db: Db, id: number, role: Role): Promise<void> => {
  await db.updateTable('participants').set({ role }).where('id', '=', id).execute();
};

export const countParticipants = async (db: Db): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('participants')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
