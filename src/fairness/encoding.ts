/**
 * Byte encodings shared by every part of the protocol (docs/fairness.md, section "Encoding").
 *
 * Every hashed or signed message is a sequence of fields; a field is a 4-byte big-endian length
 * followed by that many bytes. Text is UTF-8, integers are decimal text, hashes are raw bytes and
 * an absent value (null) is the empty field.
 */
import { hash } from 'node:crypto';

export const PROTOCOL_VERSION = 1;

/** Domain-separation tags: the first field of every message. */
export const TAGS = {
  commit: 'lottery-fair-v1/commit',
  opening: 'lottery-fair-v1/opening',
  ballot: 'lottery-fair-v1/ballot',
  receipt: 'lottery-fair-v1/receipt',
  receipts: 'lottery-fair-v1/receipts',
  pick: 'lottery-fair-v1/pick',
} as const;

/** A lottery is named by a text identifier; an integer identifier stands for its decimal text. */
export type LotteryId = string | number;

export type Field = string | Uint8Array | null;

const EMPTY = new Uint8Array(0);

export function encodeFields(fields: readonly Field[]): Buffer {
  const values = fields.map((field) =>
    field === null ? EMPTY : typeof field === 'string' ? Buffer.from(field, 'utf8') : field,
  );
  const out = Buffer.alloc(values.reduce((total, value) => total + 4 + value.length, 0));
  let offset = 0;
  for (const value of values) {
    offset = out.writeUInt32BE(value.length, offset);
    out.set(value, offset);
    offset += value.length;
  }
  return out;
}

/**
 * `encodeFields(values.map(decimal))`, written straight into one buffer: a receipt lists up to
 * thousands of ballot numbers, and a buffer per number was a quarter of a bulk submission's cost.
 */
export function encodeDecimalFields(values: readonly number[], what = 'value'): Buffer {
  const texts = values.map((value) => String(decimalValue(value, what)));
  let size = 0;
  for (const text of texts) size += 4 + text.length;
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const text of texts) {
    offset = out.writeUInt32BE(text.length, offset);
    // Decimal digits are ASCII: one byte each.
    for (let i = 0; i < text.length; i++) out[offset++] = text.charCodeAt(i);
  }
  return out;
}

export function sha256(...parts: readonly Uint8Array[]): Buffer {
  const data = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
  return hash('sha256', data, 'buffer'); // one-shot: about twice as fast as createHash here
}

/** Decimal text of a non-negative safe integer. */
export function decimal(value: number, what = 'value'): string {
  return String(decimalValue(value, what));
}

/** The value, once checked to be a non-negative safe integer. */
function decimalValue(value: number, what = 'value'): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
  return value;
}

export function lotteryIdText(lotteryId: LotteryId): string {
  if (typeof lotteryId === 'number') return decimal(lotteryId, 'lotteryId');
  if (lotteryId.length === 0) throw new RangeError('lotteryId must not be empty');
  return lotteryId;
}

/** A calendar date written YYYY-MM-DD (the draw date, in the lottery's own time zone). */
export function dateText(date: string): string {
  const midnight = new Date(`${date}T00:00:00Z`);
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(date) &&
    !Number.isNaN(midnight.getTime()) &&
    midnight.toISOString().slice(0, 10) === date;
  if (!valid) throw new RangeError(`date must be a calendar date YYYY-MM-DD, got ${date}`);
  return date;
}

/** Parses hex of an exact byte length (either case; we always write lowercase). */
export function parseHex(value: string, bytes: number, what: string): Buffer {
  if (typeof value !== 'string' || value.length !== bytes * 2 || !/^[0-9a-fA-F]*$/.test(value)) {
    throw new TypeError(`${what} must be ${bytes} bytes of hex`);
  }
  return Buffer.from(value, 'hex');
}

export function requireBytes(value: Uint8Array, bytes: number, what: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== bytes) {
    throw new TypeError(`${what} must be ${bytes} bytes`);
  }
  return value;
}
