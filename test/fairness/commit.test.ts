import { describe, expect, it } from 'vitest';
import {
  type OpeningRecord,
  commitment,
  encodeFields,
  generateSeed,
  openDraw,
  openingRecordHash,
} from '../../src/fairness/index.js';

const seed = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const firstOpening: OpeningRecord = {
  version: 1,
  lotteryId: 'example',
  date: '2023-09-15',
  commitment: '83b3d7f44f788d138d4e2ffb97d59377a3a42105a8915a618f71222f28bc83d0',
  beaconRound: 657413,
  prevRecordHash: null,
};

describe('Field encoding', () => {
  it('length-prefixes every field with 4 big-endian bytes', () => {
    expect(hex(encodeFields(['ab', Buffer.from([0xff]), null]))).toBe(
      '000000026162' + '00000001ff' + '00000000',
    );
  });

  it('cannot make two different field lists look alike', () => {
    expect(encodeFields(['ab', 'c']).equals(encodeFields(['a', 'bc']))).toBe(false);
    expect(encodeFields(['', 'a']).equals(encodeFields(['a', '']))).toBe(false);
  });
});

describe('The seed commitment', () => {
  it('matches the known answer in docs/fairness.md', () => {
    expect(hex(encodeFields(['lottery-fair-v1/commit', 'example', '2023-09-15', seed]))).toBe(
      '000000166c6f74746572792d666169722d76312f636f6d6d6974' +
        '000000076578616d706c65' +
        '0000000a323032332d30392d3135' +
        '00000020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    );
    expect(hex(commitment('example', '2023-09-15', seed))).toBe(firstOpening.commitment);
  });

  it('binds the lottery and the date as well as the seed', () => {
    const base = hex(commitment('example', '2023-09-15', seed));
    expect(hex(commitment('example2', '2023-09-15', seed))).not.toBe(base);
    expect(hex(commitment('example', '2023-09-16', seed))).not.toBe(base);
  });

  it('takes 32 fresh random bytes as the seed', () => {
    const a = generateSeed();
    expect(a).toHaveLength(32);
    expect(a.equals(generateSeed())).toBe(false);
    expect(() => commitment('example', '2023-09-15', Buffer.alloc(16))).toThrow(TypeError);
  });
});

describe('The opening record', () => {
  it('hashes to the known answers in docs/fairness.md, chaining one draw to the next', () => {
    const first = openingRecordHash(firstOpening);
    expect(hex(first)).toBe('85c99f9752da6a6db3f5509ce03ddea7fa638e82b8fed05ad722c239e0112405');
    const second: OpeningRecord = {
      ...firstOpening,
      beaconRound: null,
      prevRecordHash: hex(first),
    };
    expect(hex(openingRecordHash(second))).toBe(
      'd1be94a16976a956b73fa693786b29fb7cfb8f32e0089fd23224f6b20a4a6e92',
    );
  });

  it('changes when any field changes', () => {
    const base = hex(openingRecordHash(firstOpening));
    const variants: OpeningRecord[] = [
      { ...firstOpening, lotteryId: 'other' },
      { ...firstOpening, date: '2023-09-16' },
      { ...firstOpening, commitment: '00'.repeat(32) },
      { ...firstOpening, beaconRound: 657414 },
      { ...firstOpening, beaconRound: null },
      { ...firstOpening, prevRecordHash: '00'.repeat(32) },
    ];
    for (const variant of variants) expect(hex(openingRecordHash(variant))).not.toBe(base);
  });

  it('refuses an unknown version or malformed fields', () => {
    expect(() => openingRecordHash({ ...firstOpening, version: 2 })).toThrow(/version/);
    expect(() => openingRecordHash({ ...firstOpening, commitment: 'abc' })).toThrow(TypeError);
    expect(() => openingRecordHash({ ...firstOpening, beaconRound: 0 })).toThrow(RangeError);
    expect(() => openingRecordHash({ ...firstOpening, prevRecordHash: '' })).toThrow(TypeError);
  });

  it('is produced by openDraw with a fresh seed that opens its commitment', () => {
    const { seed: secret, record } = openDraw({
      lotteryId: 7,
      date: '2024-02-29',
      beaconRound: null,
      prevRecordHash: null,
    });
    expect(record.version).toBe(1);
    expect(record.commitment).toBe(hex(commitment(7, '2024-02-29', secret)));
    expect(() =>
      openDraw({ lotteryId: 7, date: '2023-02-29', beaconRound: null, prevRecordHash: null }),
    ).toThrow(RangeError);
  });
});
