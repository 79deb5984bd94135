import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Beacon,
  FixtureBeaconSource,
  beaconRoundAt,
  beaconRoundTime,
  firstRoundAfter,
  quicknetChain,
  verifyQuicknetBeacon,
} from '../../src/fairness/index.js';

const fixtureUrl = new URL('../fixtures/drand-quicknet.json', import.meta.url);
const fixture = JSON.parse(readFileSync(fixtureUrl, 'utf8')) as {
  chain: typeof quicknetChain;
  beacons: Beacon[];
};
const beacon = fixture.beacons[0] as Beacon;

const flipHexByte = (hex: string, byte: number): string => {
  const bytes = Buffer.from(hex, 'hex');
  bytes[byte] = (bytes[byte] as number) ^ 0x01;
  return bytes.toString('hex');
};

describe('The drand quicknet beacon', () => {
  it('is pinned to the same chain as the recorded fixture', () => {
    expect(quicknetChain).toEqual(fixture.chain);
    expect(quicknetChain.hash.startsWith('52db9b')).toBe(true);
  });

  it('numbers rounds from genesis, one every 3 seconds', () => {
    const genesisMs = 1692803367_000;
    expect(beaconRoundTime(1)).toBe(genesisMs);
    expect(beaconRoundAt(genesisMs)).toBe(1);
    expect(beaconRoundAt(genesisMs + 2999)).toBe(1);
    expect(beaconRoundAt(genesisMs + 3000)).toBe(2);
    expect(beaconRoundTime(657413)).toBe(Date.parse('2023-09-15T11:00:03Z'));
    expect(() => beaconRoundAt(genesisMs - 1)).toThrow(RangeError);
    expect(() => beaconRoundTime(0)).toThrow(RangeError);
  });

  it('takes the first round strictly after the close, even when a round falls on it exactly', () => {
    const close = Date.parse('2023-09-15T11:00:00Z'); // round 657412 is published at this instant
    expect(beaconRoundTime(beaconRoundAt(close))).toBe(close);
    expect(firstRoundAfter(close)).toBe(657413);
    expect(firstRoundAfter(close - 1)).toBe(657412);
    expect(firstRoundAfter(close + 2999)).toBe(657413);
    expect(firstRoundAfter(0)).toBe(1);
    for (const t of [
      close - 1,
      close,
      close + 1,
      close + 1500,
      Date.parse('2030-01-01T00:00:00Z'),
    ]) {
      const round = firstRoundAfter(t);
      expect(beaconRoundTime(round)).toBeGreaterThan(t);
      expect(beaconRoundTime(round - 1)).toBeLessThanOrEqual(t);
    }
  });

  it('accepts the real recorded beacon', async () => {
    expect(await verifyQuicknetBeacon(beacon)).toBe(true);
  });

  it('rejects the beacon with one byte of its signature changed', async () => {
    const signature = flipHexByte(beacon.signature, 47);
    expect(await verifyQuicknetBeacon({ ...beacon, signature })).toBe(false);
    // ... even when the randomness is made to match the forged signature
    const randomness = createHash('sha256').update(Buffer.from(signature, 'hex')).digest('hex');
    expect(await verifyQuicknetBeacon({ ...beacon, signature, randomness })).toBe(false);
  });

  it('rejects the beacon presented as another round, or with other randomness', async () => {
    expect(await verifyQuicknetBeacon({ ...beacon, round: beacon.round + 1 })).toBe(false);
    const randomness = flipHexByte(beacon.randomness, 0);
    expect(await verifyQuicknetBeacon({ ...beacon, randomness })).toBe(false);
  });

  it('rejects malformed beacons without throwing', async () => {
    expect(await verifyQuicknetBeacon({ ...beacon, round: 0 })).toBe(false);
    expect(await verifyQuicknetBeacon({ ...beacon, signature: 'zz' })).toBe(false);
    expect(await verifyQuicknetBeacon({ ...beacon, signature: '00'.repeat(48) })).toBe(false);
  });
});

describe('The fixture beacon source', () => {
  it('serves recorded rounds and null for rounds not published yet', async () => {
    const source = await FixtureBeaconSource.fromFile(fixtureUrl);
    expect(await source.fetch(657413)).toEqual(beacon);
    expect(await source.fetch(657414)).toBeNull();
  });

  it('refuses a recording of another chain', () => {
    expect(() => new FixtureBeaconSource({ chain: { hash: '00' }, beacons: [] })).toThrow(/chain/);
  });
});
