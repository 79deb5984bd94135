import type { Kysely, Transaction } from 'kysely';
import type { Database, IdempotencyKeysTable } from '../schema.js';

type Db = Kysely<Database>;

export type IdempotencyRecord = IdempotencyKeysTable;

/** A response status of 0: the request's outcome is stored, its response not yet. */
export const PENDING_STATUS = 0;

/**
 * Claims the key for a request, in the transaction that carries the request out, unless a
 * request with that key has already committed. The primary key decides between concurrent
 * requests: exactly one of them inserts (on PostgreSQL a second waits for the first to commit
 * or roll back).
 */
export const claimKey = async (
  tx: Transaction<Database>,
  input: { participantId: number; key: string; requestHash: string; now: number },
): Promise<boolean> => {
  const result = await tx
    .insertInto('idempotency_keys')
    .values({
      participant_id: input.participantId,
      key: input.key,
      request_hash: input.requestHash,
      response_status: PENDING_STATUS,
      response_body: '',
      created_at: input.now,
      outcome: null,
    })
    .onConflict((oc) => oc.columns(['participant_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
};

/** Stores what the request did, in the same transaction as the claim and the request's writes. */
export const recordOutcome = async (
  tx: Transaction<Database>,
  input: { participantId: number; key: string; outcome: string },
): Promise<void> => {
  await tx
    .updateTable('idempotency_keys')
    .set({ outcome: input.outcome })
    .where('participant_id', '=', input.participantId)
    .where('key', '=', input.key)
    .execute();
};

export const findKey = (db: Db, participantId: number, key: string) =>
  db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('key', '=', key)
    .executeTakeFirst();

/** Stores the response, unless one is stored already (the first one stays). */
export const completeKey = async (
  db: Db,
  input: { participantId: number; key: string; status: number; body: string },
): Promise<boolean> => {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ response_status: input.status, response_body: input.body })
    .where('participant_id', '=', input.participantId)
    .where('key', '=', input.key)
    .where('response_status', '=', PENDING_STATUS)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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
