/**
 * Step 2: every accepted submission gets a receipt listing its ballots, signed with Ed25519
 * (RFC 8032, pure Ed25519), so a player can later prove the ballots were accepted. Receipts
 * issued together are signed together: the signature covers the Merkle root of their batch, and
 * each receipt carries its inclusion proof (docs/fairness.md, section 5).
 */
import {
  type KeyObject,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import {
  TAGS,
  type LotteryId,
  dateText,
  decimal,
  encodeDecimalFields,
  encodeFields,
  lotteryIdText,
  parseHex,
  sha256,
} from './encoding.js';
import { hashLeaf, merkleTreeProofs, rootFromInclusion } from './merkle.js';

export interface Receipt {
  lotteryId: LotteryId;
  drawDate: string;
  /** The numbers of the ballots accepted together, strictly ascending. */
  ballotIds: number[];
  /** When they were accepted, exactly as Date.prototype.toISOString writes it. */
  submittedAt: string;
}

/** How a receipt is signed: its place in the batch signed together, and the signature. */
export interface ReceiptSignature {
  /** How many receipts were signed together. */
  batchSize: number;
  /** This receipt's position among them. */
  index: number;
  /** Its inclusion proof in the batch's Merkle tree (RFC 9162), lowercase hex, leaf first. */
  path: string[];
  /** Ed25519 signature of the batch bytes, base64url without padding (86 characters). */
  ed25519: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The receipt's bytes: field(tag) ‖ field(lotteryId) ‖ field(drawDate) ‖ field(submittedAt) ‖
 * field(number of ballots) ‖ field(ballotId) for each ballot, ascending.
 */
export function receiptBytes(receipt: Receipt): Buffer {
  return Buffer.concat([receiptHead(receipt), receiptBallots(receipt.ballotIds)]);
}

/** The fields every receipt of one submission instant and draw shares, checked. */
function receiptHead(receipt: Receipt): Buffer {
  const instant = new Date(receipt.submittedAt);
  if (
    !ISO_INSTANT.test(receipt.submittedAt) ||
    Number.isNaN(instant.getTime()) ||
    instant.toISOString() !== receipt.submittedAt
  ) {
    throw new RangeError('submittedAt must be an ISO 8601 instant like 2025-01-31T23:59:59.999Z');
  }
  return encodeFields([
    TAGS.receipt,
    lotteryIdText(receipt.lotteryId),
    dateText(receipt.drawDate),
    receipt.submittedAt,
  ]);
}

function receiptBallots(ids: readonly number[]): Buffer {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new RangeError('ballotIds must list at least one ballot');
  }
  const numbers = encodeDecimalFields(ids, 'ballotId'); // checks each is a safe integer
  for (let i = 1; i < ids.length; i++) {
    if (ids[i]! <= ids[i - 1]!) throw new RangeError('ballotIds must be strictly ascending');
  }
  return Buffer.concat([encodeDecimalFields([ids.length], 'the number of ballots'), numbers]);
}

/** The receipt's leaf in its batch's Merkle tree: SHA-256(0x00 ‖ receiptBytes). */
export const receiptLeafHash = (receipt: Receipt): Buffer => hashLeaf(receiptBytes(receipt));

/**
 * The leaves of receipts issued together. Those of one group commit share their instant and
 * mostly their draw, so the fields they share are checked and encoded once (a third of a
 * receipt's cost on the ballot path).
 */
export function receiptLeafHashes(receipts: readonly Receipt[]): Buffer[] {
  const heads = new Map<string, Buffer>();
  return receipts.map((receipt) => {
    const { lotteryId, drawDate, submittedAt } = receipt;
    const key = JSON.stringify([typeof lotteryId, lotteryId, drawDate, submittedAt]);
    let head = heads.get(key);
    if (!head) heads.set(key, (head = receiptHead(receipt)));
    return sha256(LEAF_PREFIX, head, receiptBallots(receipt.ballotIds));
  });
}

const LEAF_PREFIX = Buffer.from([0x00]);

/** The signed bytes: field(tag) ‖ field(batchSize) ‖ field(root, 32 raw bytes). */
export function receiptBatchBytes(batchSize: number, root: Uint8Array): Buffer {
  return encodeFields([TAGS.receipts, decimal(batchSize, 'batchSize'), root]);
}

export interface SigningKeyPair {
  /** PKCS #8 PEM: keep secret. */
  privateKeyPem: string;
  /** SPKI PEM: publish it. */
  publicKeyPem: string;
}

export function generateSigningKey(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Signs receipts together: one Ed25519 signature over the Merkle root of their leaves, and for
 * each receipt its place and inclusion proof. The result is in the receipts' order.
 */
export function signReceipts(
  privateKey: string | KeyObject,
  receipts: readonly Receipt[],
): ReceiptSignature[] {
  const batch = receiptBatch(privateKey, receipts);
  return batch ? batch.signed(sign(null, batch.bytes, batch.key)) : [];
}

/**
 * `signReceipts`, with the signature computed on libuv's thread pool: the service signs a batch
 * per group commit, and an Ed25519 signature on the event loop was 4–6% of ballot intake.
 */
export async function signReceiptsInBackground(
  privateKey: string | KeyObject,
  receipts: readonly Receipt[],
): Promise<ReceiptSignature[]> {
  const batch = receiptBatch(privateKey, receipts);
  if (!batch) return [];
  const signature = await new Promise<Buffer>((resolve, reject) => {
    sign(null, batch.bytes, batch.key, (error, signed) =>
      error ? reject(error) : resolve(signed),
    );
  });
  return batch.signed(signature);
}

/** What signing a batch needs: the key, the bytes to sign, and how to answer once signed. */
function receiptBatch(privateKey: string | KeyObject, receipts: readonly Receipt[]) {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('the key must be an Ed25519 key');
  if (receipts.length === 0) return undefined;
  const { root, paths } = merkleTreeProofs(receiptLeafHashes(receipts));
  return {
    key,
    bytes: receiptBatchBytes(receipts.length, root),
    signed: (signature: Buffer): ReceiptSignature[] => {
      const ed25519 = signature.toString('base64url');
      return paths.map((path, index) => ({
        batchSize: receipts.length,
        index,
        path: path.map((hash) => hash.toString('hex')),
        ed25519,
      }));
    },
  };
}

/** True iff `signature` shows `receipt` was signed by `publicKey`; never throws. */
export function verifyReceipt(
  publicKey: string | KeyObject,
  receipt: Receipt,
  signature: ReceiptSignature,
): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const signatureBytes = Buffer.from(signature.ed25519, 'base64url');
    if (
      signatureBytes.length !== 64 ||
      signatureBytes.toString('base64url') !== signature.ed25519 ||
      !Array.isArray(signature.path)
    ) {
      return false;
    }
    const root = rootFromInclusion(
      receiptLeafHash(receipt),
      signature.index,
      signature.batchSize,
      signature.path.map((hash) => parseHex(hash, 32, 'path hash')),
    );
    return (
      root !== undefined &&
      verify(null, receiptBatchBytes(signature.batchSize, root), key, signatureBytes)
    );
  } catch {
    return false;
  }
}
