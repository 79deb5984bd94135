import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PickInput, pickIndex, pickStream, sampleIndex } from '../../src/fairness/index.js';

const fromHex = (hex: string): Buffer => Buffer.from(hex, 'hex');

/** The worked example of docs/fairness.md. */
const example: PickInput = {
  lotteryId: 'example',
  date: '2023-09-15',
  root: fromHex('785648d144d27917bc7b98776c9588ab8d4746cf3e9cf2e7ffb276a7b3701b41'),
  count: 5,
  beaconRound: 657413,
  beaconRandomness: fromHex('fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587'),
  seed: fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'),
};
const withoutBeacon: PickInput = { ...example, beaconRound: null, beaconRandomness: null };

/** A byte source that serves `bytes` once, then reports exhaustion. */
class Exhausted extends Error {}
const replay =
  (bytes: Uint8Array) =>
  (length: number): Uint8Array => {
    if (bytes.length < length) throw new Exhausted();
    const head = bytes.subarray(0, length);
    bytes = bytes.subarray(length);
    return head;
  };

/** Runs the sampler on every `length`-byte input (width 1): how often each outcome comes out. */
function enumerate(count: number, length: number): { outcomes: number[]; exhausted: number } {
  const outcomes = new Array<number>(count).fill(0);
  let exhausted = 0;
  for (let input = 0; input < 256 ** length; input += 1) {
    const bytes = Buffer.alloc(length);
    bytes.writeUIntBE(input, 0, length);
    try {
      const index = sampleIndex(count, replay(bytes), 1);
      outcomes[index] = (outcomes[index] as number) + 1;
    } catch (error) {
      if (!(error instanceof Exhausted)) throw error;
      exhausted += 1;
    }
  }
  return { outcomes, exhausted };
}

describe('The winning pick', () => {
  it('matches the known answers in docs/fairness.md', () => {
    expect(Buffer.from(pickStream(example)(32)).toString('hex')).toBe(
      '5bb3f16bd737b52076daf138e86d874b7adc2632c5e361b864f947f6645261cd',
    );
    expect(pickIndex(example)).toBe(1);
    expect(Buffer.from(pickStream(withoutBeacon)(32)).toString('hex')).toBe(
      'f7019cc0f70fc6659bf581f924ec27f86670256509d032b10ccf599121765b06',
    );
    expect(pickIndex(withoutBeacon)).toBe(2);
    expect(pickIndex({ ...withoutBeacon, count: 1000 })).toBe(189);
    expect(pickIndex({ ...withoutBeacon, count: Number.MAX_SAFE_INTEGER })).toBe(7590780455795714);
  });

  it('rejects a value in the biased tail and draws the next one', () => {
    // With this count, limit = 0xfff0000000000fff and the first value 0xfff26e0ae29c556a is
    // rejected; the second, 0x24b1e470ccc7c25e, gives the pick.
    const input: PickInput = {
      ...withoutBeacon,
      count: 2 ** 52 + 1,
      seed: fromHex('0000000000000000000000000000000000000000000000000000000000000332'),
    };
    expect(Buffer.from(pickStream(input)(16)).toString('hex')).toBe(
      'fff26e0ae29c556a24b1e470ccc7c25e',
    );
    expect(pickIndex(input)).toBe(532648099823635);
    expect(0x24b1e470ccc7c25en % BigInt(2 ** 52 + 1)).toBe(532648099823635n);
  });

  it('gives no winner when there are no ballots', () => {
    expect(pickIndex({ ...example, count: 0 })).toBeNull();
  });

  it('always gives index 0 for a single ballot', () => {
    expect(pickIndex({ ...example, count: 1 })).toBe(0);
  });

  it('depends on every input', () => {
    const variants: PickInput[] = [
      { ...example, lotteryId: 'other' },
      { ...example, date: '2023-09-16' },
      { ...example, root: Buffer.alloc(32, 1) },
      { ...example, beaconRandomness: Buffer.alloc(32, 1) },
      { ...example, beaconRound: 657414 },
      { ...example, seed: Buffer.alloc(32, 1) },
      { ...example, count: 6 },
    ];
    const first = (input: PickInput): string => Buffer.from(pickStream(input)(32)).toString('hex');
    const streams = new Set([example, ...variants].map(first));
    expect(streams.size).toBe(variants.length + 1);
  });

  it('refuses malformed inputs', () => {
    expect(() => pickIndex({ ...example, beaconRandomness: null })).toThrow(TypeError);
    expect(() => pickIndex({ ...example, seed: Buffer.alloc(31) })).toThrow(TypeError);
    expect(() => pickIndex({ ...example, root: Buffer.alloc(33) })).toThrow(TypeError);
    expect(() => pickIndex({ ...example, count: -1 })).toThrow(RangeError);
    expect(() => pickIndex({ ...example, count: 2.5 })).toThrow(RangeError);
    expect(() => pickIndex({ ...example, count: 2 ** 53 })).toThrow(RangeError);
  });
});

describe('The rejection sampler', () => {
  it('gives every outcome exactly equally often over all inputs (counts 3, 5, 7, 10, 100)', () => {
    for (const count of [3, 5, 7, 10, 100]) {
      // Two one-byte draws at most: 65,536 inputs. Per outcome: floor(256 / count) first-draw
      // accepts times 256, plus the rejected first bytes times the same second-draw accepts.
      const { outcomes, exhausted } = enumerate(count, 2);
      const perOutcome = Math.floor(256 / count);
      const rejected = 256 - perOutcome * count;
      expect(new Set(outcomes), `count ${count}`).toEqual(
        new Set([perOutcome * 256 + rejected * perOutcome]),
      );
      expect(exhausted).toBe(rejected * rejected);
    }
  });

  it('is exact when the count divides the range (counts 1, 2, 256) and never rejects', () => {
    for (const count of [1, 2, 256]) {
      const { outcomes, exhausted } = enumerate(count, 1);
      expect(new Set(outcomes)).toEqual(new Set([256 / count]));
      expect(exhausted).toBe(0);
    }
  });

  it('would notice modulo bias (the enumeration has the power to see it)', () => {
    const naive = new Array<number>(3).fill(0);
    for (let byte = 0; byte < 256; byte += 1) naive[byte % 3] = (naive[byte % 3] as number) + 1;
    expect(naive).toEqual([86, 85, 85]);
  });

  it('reads values big-endian, width bytes at a time', () => {
    expect(sampleIndex(1000, replay(Buffer.from([0x01, 0x02])), 2)).toBe(0x0102 % 1000);
    expect(sampleIndex(2 ** 40, replay(Buffer.from('0000000000000123', 'hex')))).toBe(0x123);
  });

  it('passes a chi-square test over 20,000 seeded picks into 10 buckets', () => {
    // 9 degrees of freedom; 27.877 is the 0.999 quantile, so a correct sampler fails this test
    // for 0.1% of seed sets. The seeds are fixed, so the outcome is deterministic.
    const buckets = new Array<number>(10).fill(0);
    const picks = 20_000;
    for (let i = 0; i < picks; i += 1) {
      const seed = createHash('sha256').update(`chi-square seed ${i}`).digest();
      const index = pickIndex({ ...withoutBeacon, count: 10, seed }) as number;
      buckets[index] = (buckets[index] as number) + 1;
    }
    const expected = picks / buckets.length;
    const chiSquare = buckets.reduce(
      (sum, observed) => sum + (observed - expected) ** 2 / expected,
      0,
    );
    expect(chiSquare).toBeLessThan(27.877);
  });
});
