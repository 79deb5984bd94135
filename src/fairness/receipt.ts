/**
 * Step 2: every accepted ballot gets a receipt signed with Ed25519 (RFC 8032, pure Ed25519 over
 * the canonical bytes below), so a player can later prove the ballot was accepted.
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
  encodeFields,
  lotteryIdText,
  parseHex,
} from './encoding.js';

export interface Receipt {
  ballotId: number;
  lotteryId: LotteryId;
  drawDate: string;
  /** ballotLeafHash(lotteryId, drawDate, ballotId), lowercase hex. */
  leafHash: string;
  /** When the ballot was accepted, exactly as Date.prototype.toISOString writes it. */
  submittedAt: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The signed message: field(tag) ‖ field(ballotId) ‖ field(lotteryId) ‖ field(drawDate) ‖
 * field(leafHash, 32 raw bytes) ‖ field(submittedAt).
 */
export function receiptBytes(receipt: Receipt): Buffer {
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
    decimal(receipt.ballotId, 'ballotId'),
    lotteryIdText(receipt.lotteryId),
    dateText(receipt.drawDate),
    parseHex(receipt.leafHash, 32, 'leafHash'),
    receipt.submittedAt,
  ]);
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

/** The Ed25519 signature of receiptBytes(receipt), base64url without padding (86 characters). */
export function signReceipt(privateKey: string | KeyObject, receipt: Receipt): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('the key must be an Ed25519 key');
  return sign(null, receiptBytes(receipt), key).toString('base64url');
}

/** True iff `signature` is a valid signature of `receipt` by `publicKey`; never throws. */
export function verifyReceipt(
  publicKey: string | KeyObject,
  receipt: Receipt,
  signature: string,
): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const signatureBytes = Buffer.from(signature, 'base64url');
    if (signatureBytes.length !== 64 || signatureBytes.toString('base64url') !== signature) {
      return false;
    }
    return verify(null, receiptBytes(receipt), key, signatureBytes);
  } catch {
    return false;
  }
}
