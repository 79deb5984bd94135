/**
 * Step 1: commit to a secret seed before the draw opens, in an opening record that chains to the
 * lottery's previous draw.
 */
import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  TAGS,
  type LotteryId,
  dateText,
  decimal,
  encodeFields,
  lotteryIdText,
  parseHex,
  requireBytes,
  sha256,
} from './encoding.js';

export const SEED_BYTES = 32;

/** A fresh secret seed from the operating system's CSPRNG. */
export function generateSeed(): Buffer {
  return randomBytes(SEED_BYTES);
}

/** commitment = SHA-256(field(tag) ‖ field(lotteryId) ‖ field(date) ‖ field(seed)) */
export function commitment(lotteryId: LotteryId, date: string, seed: Uint8Array): Buffer {
  return sha256(
    encodeFields([
      TAGS.commit,
      lotteryIdText(lotteryId),
      dateText(date),
      requireBytes(seed, SEED_BYTES, 'seed'),
    ]),
  );
}

/** Published when the draw opens, before any ballot is accepted. Hashes are lowercase hex. */
export interface OpeningRecord {
  version: number;
  lotteryId: LotteryId;
  date: string;
  commitment: string;
  /** The drand quicknet round whose randomness joins the pick, or null for no beacon. */
  beaconRound: number | null;
  /** openingRecordHash of the lottery's previous draw, or null for its first draw. */
  prevRecordHash: string | null;
}

/**
 * SHA-256(field(tag) ‖ field(version) ‖ field(lotteryId) ‖ field(date) ‖ field(commitment) ‖
 * field(beaconRound) ‖ field(prevRecordHash)), numbers as decimal text, hashes as raw bytes.
 */
export function openingRecordHash(record: OpeningRecord): Buffer {
  if (record.version !== PROTOCOL_VERSION) {
    throw new RangeError(`unsupported protocol version ${String(record.version)}`);
  }
  if (record.beaconRound === 0) throw new RangeError('beaconRound must be at least 1');
  return sha256(
    encodeFields([
      TAGS.opening,
      decimal(record.version, 'version'),
      lotteryIdText(record.lotteryId),
      dateText(record.date),
      parseHex(record.commitment, 32, 'commitment'),
      record.beaconRound === null ? null : decimal(record.beaconRound, 'beaconRound'),
      record.prevRecordHash === null ? null : parseHex(record.prevRecordHash, 32, 'prevRecordHash'),
    ]),
  );
}

/** Opens a draw: a fresh seed (keep it secret until the draw) and the record to publish. */
export function openDraw(params: {
  lotteryId: LotteryId;
  date: string;
  beaconRound: number | null;
  prevRecordHash: string | null;
}): { seed: Buffer; record: OpeningRecord } {
  const seed = generateSeed();
  const record: OpeningRecord = {
    version: PROTOCOL_VERSION,
    lotteryId: params.lotteryId,
    date: params.date,
    commitment: commitment(params.lotteryId, params.date, seed).toString('hex'),
    beaconRound: params.beaconRound,
    prevRecordHash: params.prevRecordHash,
  };
  openingRecordHash(record); // validates every field before anything is published
  return { seed, record };
}
