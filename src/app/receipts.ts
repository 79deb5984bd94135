import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  generateSigningKey,
  signReceiptsInBackground,
  type Receipt,
  type ReceiptSignature,
} from '../fairness/receipt.js';
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
  signature: ReceiptSignature;
}

interface Pending {
  receipt: Receipt;
  resolve(signature: ReceiptSignature): void;
  reject(error: unknown): void;
}

/** The most receipts signed together: proofs stay short (at most 10 hashes). */
const MAX_BATCH = 1024;

/**
 * Signs receipts in batches: those asked for in the same turn of the event loop (the requests a
 * group commit has just answered) share one Ed25519 signature over their Merkle root, and each
 * gets its inclusion proof (docs/fairness.md, section 5). A signature costs about 40 µs here, and
 * is computed on libuv's thread pool; a proof hash about 1 µs.
 */
class ReceiptSigner {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock'>) {}

  sign(receipt: Receipt): Promise<ReceiptSignature> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receipt, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const { privateKey } = await signingKey(this.ctx);
        const signatures = await signReceiptsInBackground(
          privateKey,
          batch.map((p) => p.receipt),
        );
        batch.forEach((p, i) => p.resolve(signatures[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }
}

const signers = new WeakMap<Kysely<Database>, ReceiptSigner>();

/** The signed receipt of accepted ballots: proof that they were taken into their draw. */
export const issueReceipt = async (
  ctx: AppContext,
  submitted: SubmittedBallots,
): Promise<SignedReceipt> => {
  let signer = signers.get(ctx.db);
  if (!signer) signers.set(ctx.db, (signer = new ReceiptSigner(ctx)));
  const receipt: Receipt = {
    lotteryId: submitted.lotteryId,
    drawDate: submitted.drawDate,
    ballotIds: [...submitted.ballotIds].sort((a, b) => a - b),
    submittedAt: new Date(submitted.submittedAt).toISOString(),
  };
  return { receipt, signature: await signer.sign(receipt) };
};
