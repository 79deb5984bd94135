/**
 * Step 5: pick the winning position, uniformly, from everything the draw has committed to.
 */
import {
  TAGS,
  type LotteryId,
  dateText,
  decimal,
  encodeFields,
  lotteryIdText,
  requireBytes,
  sha256,
} from './encoding.js';

export interface PickInput {
  lotteryId: LotteryId;
  date: string;
  /** The sealed Merkle root (32 bytes). */
  root: Uint8Array;
  /** The number of ballots sealed. */
  count: number;
  /** The committed drand round and its randomness (32 bytes), or both null without a beacon. */
  beaconRound: number | null;
  beaconRandomness: Uint8Array | null;
  /** The revealed seed (32 bytes). */
  seed: Uint8Array;
}

/** A source of bytes: returns exactly `length` more bytes of the stream each call. */
export type ReadBytes = (length: number) => Uint8Array;

/**
 * A uniform integer in [0, count) by rejection sampling: read `width` bytes as a big-endian
 * unsigned value v in [0, 2^(8·width)); accept v mod count if v < floor(2^(8·width) / count) ·
 * count, otherwise read again. Every accepted residue then has exactly the same number of
 * preimages, so there is no modulo bias. The pick uses width 8; tests use width 1 to enumerate
 * every input.
 */
export function sampleIndex(count: number, read: ReadBytes, width = 8): number {
  if (!Number.isInteger(width) || width < 1 || width > 8) {
    throw new RangeError('width must be 1 to 8 bytes');
  }
  const range = 1n << BigInt(8 * width);
  if (!Number.isSafeInteger(count) || count < 1 || BigInt(count) > range) {
    throw new RangeError(`count must be an integer from 1 to 2^${String(8 * width)}`);
  }
  const n = BigInt(count);
  const limit = (range / n) * n; // BigInt division rounds down
  for (;;) {
    const bytes = read(width);
    if (bytes.length !== width) throw new RangeError('the byte source ran short');
    let value = 0n;
    for (const byte of bytes) value = (value << 8n) | BigInt(byte);
    if (value < limit) return Number(value % n);
  }
}

/**
 * The pick's byte stream: block i = SHA-256(prefix ‖ i as 8-byte big-endian), blocks
 * concatenated, where prefix = field(tag) ‖ field(lotteryId) ‖ field(date) ‖ field(root) ‖
 * field(count) ‖ field(beaconRound) ‖ field(beaconRandomness) ‖ field(seed).
 */
export function pickStream(input: PickInput): ReadBytes {
  if ((input.beaconRound === null) !== (input.beaconRandomness === null)) {
    throw new TypeError('beaconRound and beaconRandomness must be both given or both null');
  }
  const prefix = encodeFields([
    TAGS.pick,
    lotteryIdText(input.lotteryId),
    dateText(input.date),
    requireBytes(input.root, 32, 'root'),
    decimal(input.count, 'count'),
    input.beaconRound === null ? null : decimal(input.beaconRound, 'beaconRound'),
    input.beaconRandomness === null
      ? null
      : requireBytes(input.beaconRandomness, 32, 'beaconRandomness'),
    requireBytes(input.seed, 32, 'seed'),
  ]);
  let counter = 0n;
  let buffered = Buffer.alloc(0);
  return (length) => {
    while (buffered.length < length) {
      const block = Buffer.alloc(8);
      block.writeBigUInt64BE(counter);
      counter += 1n;
      buffered = Buffer.concat([buffered, sha256(prefix, block)]);
    }
    const bytes = buffered.subarray(0, length);
    buffered = buffered.subarray(length);
    return bytes;
  };
}

/** The winning position in [0, count), or null when there are no ballots (no winner). */
export function pickIndex(input: PickInput): number | null {
  const read = pickStream(input); // validates every input, even for an empty draw
  return input.count === 0 ? null : sampleIndex(input.count, read);
}
