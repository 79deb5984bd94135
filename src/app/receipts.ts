import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ballotLeafHash } from '../fairness/merkle.js';
import { generateSigningKey, signReceipt, type Receipt } from '../fairness/receipt.js';
import type { AppContext } from './context.js';
import type { SubmittedBallots } from './ballots.js';

const KEY_NAME = 'receipt-signing';

interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

// One key per database, shared by every instance; loaded once per process.
const keys = new WeakMap<Kysely<Database>, Promise<SigningKey>>();

/**
 * The server's Ed25519 receipt-signing key. Created on first use and stored in the database, so
 * all instances sign with the same key and its public half can be published once.
 */
export const signingKey = (ctx: Pick<AppContext, 'db' | 'clock'>): Promise<SigningKey> => {
  let key = keys.get(ctx.db);
  if (!key) {
    key = loadOrCreate(ctx);
    key.catch(() => keys.delete(ctx.db));
    keys.set(ctx.db, key);
  }
  return key;
};

const loadOrCreate = async (ctx: Pick<AppContext, 'db' | 'clock'>): Promise<SigningKey> => {
  const fresh = generateSigningKey();
  await ctx.db
    .insertInto('server_keys')
    .values({
      name: KEY_NAME,
      private_key: fresh.privateKeyPem,
      public_key: fresh.publicKeyPem,
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom('server_keys')
    .select(['private_key', 'public_key'])
    .where('name', '=', KEY_NAME)
    .executeTakeFirstOrThrow();
  return { privateKey: createPrivateKey(row.private_key), publicKeyPem: row.public_key };
};

export interface SignedReceipt {
  receipt: Receipt;
  signature: string;
}

/** A signed receipt for each accepted ballot: proof that the ballot was taken into its draw. */
export const issueReceipts = async (
  ctx: AppContext,
  submitted: SubmittedBallots,
): Promise<SignedReceipt[]> => {
  const { privateKey } = await signingKey(ctx);
  const submittedAt = new Date(submitted.submittedAt).toISOString();
  return submitted.ballotIds.map((ballotId) => {
    const receipt: Receipt = {
      ballotId,
      lotteryId: submitted.lotteryId,
      drawDate: submitted.drawDate,
      leafHash: ballotLeafHash(submitted.lotteryId, submitted.drawDate, ballotId).toString('hex'),
      submittedAt,
    };
    return { receipt, signature: signReceipt(privateKey, receipt) };
  });
};
