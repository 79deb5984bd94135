import type { Kysely } from 'kysely';
import type { Database, IdempotencyKeysTable } from '../schema.js';

type Db = Kysely<Database>;

export type IdempotencyRecord = IdempotencyKeysTable;

/** A response status of 0 marks a key reserved by a request that has not finished yet. */
export const PENDING_STATUS = 0;

/**
 * Reserves the key for a request, unless someone holds it already. The primary key decides
 * between concurrent requests: exactly one of them inserts.
 */
export const reserveKey = async (
  db: Db,
  input: { participantId: number; key: string; requestHash: string; now: number },
): Promise<boolean> => {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      participant_id: input.participantId,
      key: input.key,
      request_hash: input.requestHash,
      response_status: PENDING_STATUS,
      response_body: '',
      created_at: input.now,
    })
    .onConflict((oc) => oc.columns(['participant_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
};

export const findKey = (db: Db, participantId: number, key: string) =>
  db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('key', '=', key)
    .executeTakeFirst();

export const completeKey = async (
  db: Db,
  input: { participantId: number; key: string; status: number; body: string },
): Promise<void> => {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: input.status, response_body: input.body })
    .where('participant_id', '=', input.participantId)
    .where('key', '=', input.key)
    .execute();
};

export const releaseKey = async (db: Db, participantId: number, key: string): Promise<void> => {
  await db
    .deleteFrom('idempotency_keys')
    .where('participant_id', '=', participantId)
    .where('key', '=', key)
    .where('response_status', '=', PENDING_STATUS)
    .execute();
};

/** Removes keys created before `before`: one key's, or (without a participant) everyone's. */
export const deleteExpiredKeys = async (
  db: Db,
  before: number,
  only?: { participantId: number; key: string },
): Promise<number> => {
  let query = db.deleteFrom('idempotency_keys').where('created_at', '<', before);
  if (only)
    query = query.where('participant_id', '=', only.participantId).where('key', '=', only.key);
  return Number((await query.executeTakeFirst()).numDeletedRows);
};
