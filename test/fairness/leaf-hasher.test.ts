import { describe, expect, it } from 'vitest';
import { ballotLeafHash, ballotLeafHasher, hashNode } from '../../src/fairness/merkle.js';
import { sha256 } from '../../src/fairness/encoding.js';

describe('ballotLeafHasher', () => {
  it('gives exactly the leaf hashes of ballotLeafHash, for short and long ballot numbers', () => {
    for (const [lottery, date] of [
      [7, '2026-03-10'],
      ['lottery-a', '2025-12-31'],
    ] as const) {
      const hasher = ballotLeafHasher(lottery, date);
      for (const id of [0, 1, 9, 10, 99, 12345, 999_999_999, Number.MAX_SAFE_INTEGER]) {
        expect(hasher(id).toString('hex')).toBe(ballotLeafHash(lottery, date, id).toString('hex'));
      }
    }
  });

  it('refuses a ballot number that is not a safe non-negative integer', () => {
    expect(() => ballotLeafHasher(1, '2026-03-10')(-1)).toThrow(RangeError);
  });
});

describe('hashNode', () => {
  it('hashes 0x01 ‖ left ‖ right, and returns a fresh buffer each time', () => {
    const left = sha256(Buffer.from('l'));
    const right = sha256(Buffer.from('r'));
    const first = hashNode(left, right);
    const expected = sha256(Buffer.concat([Buffer.from([1]), left, right]));
    hashNode(right, left);
    expect(first.equals(expected)).toBe(true);
  });
});
