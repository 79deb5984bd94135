/**
 * Step 4 (optional): public randomness from drand's "quicknet" League of Entropy network, which
 * publishes a BLS signature of every round number every 3 seconds. Nobody, the lottery included,
 * can know a round's randomness before it is published.
 */
import { readFile } from 'node:fs/promises';
import type { ChainClient, ChainInfo } from 'drand-client';
import { sha256 } from './encoding.js';

export interface Beacon {
  round: number;
  /** SHA-256 of the signature, hex. */
  randomness: string;
  /** BLS12-381 G1 signature of SHA-256(round as 8-byte big-endian), hex. */
  signature: string;
}

/** The quicknet chain, pinned: we trust these values, not whatever a relay says. */
export const quicknetChain: Readonly<ChainInfo> = Object.freeze({
  hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  public_key:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  period: 3,
  genesis_time: 1692803367,
  groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: Object.freeze({ beaconID: 'quicknet' }),
});

const GENESIS_MS = quicknetChain.genesis_time * 1000;
const PERIOD_MS = quicknetChain.period * 1000;

/** The latest round published at or before `unixMs` (round 1 is published at genesis). */
export function beaconRoundAt(unixMs: number): number {
  if (!Number.isFinite(unixMs) || unixMs < GENESIS_MS) {
    throw new RangeError('there is no quicknet round before its genesis');
  }
  return Math.floor((unixMs - GENESIS_MS) / PERIOD_MS) + 1;
}

/** When `round` is published, in Unix milliseconds. */
export function beaconRoundTime(round: number): number {
  if (!Number.isSafeInteger(round) || round < 1) throw new RangeError('rounds start at 1');
  return GENESIS_MS + (round - 1) * PERIOD_MS;
}

/** The first round published strictly after `unixMs` (e.g. after the draw's closing midnight). */
export function firstRoundAfter(unixMs: number): number {
  if (Number.isFinite(unixMs) && unixMs < GENESIS_MS) return 1;
  return beaconRoundAt(unixMs) + 1;
}

/**
 * True iff `beacon` is a genuine quicknet beacon: randomness = SHA-256(signature), and the
 * signature verifies under the pinned public key (checked by drand-client). Never throws.
 */
export async function verifyQuicknetBeacon(beacon: Beacon): Promise<boolean> {
  try {
    const { round, randomness, signature } = beacon;
    if (!Number.isSafeInteger(round) || round < 1) return false;
    if (!/^[0-9a-f]{64}$/.test(randomness) || !/^[0-9a-f]{96}$/.test(signature)) return false;
    if (!sha256(Buffer.from(signature, 'hex')).equals(Buffer.from(randomness, 'hex'))) return false;
    // drand-client exports its verifier only behind fetchBeacon, which verifies whatever the
    // client returns against the client's chain info: an in-memory client serves this beacon.
    const copy = { round, randomness, signature };
    const client: ChainClient = {
      options: { disableBeaconVerification: false, noCache: true },
      latest: () => Promise.resolve(copy),
      get: () => Promise.resolve(copy),
      chain: () => ({ baseUrl: 'memory:', info: () => Promise.resolve({ ...quicknetChain }) }),
    };
    // Loaded on first use: its BLS12-381 set-up costs a tenth of the server's start-up.
    const { fetchBeacon } = await import('drand-client');
    await fetchBeacon(client, round); // throws unless the BLS signature verifies
    return true;
  } catch {
    return false;
  }
}

/** Where beacons come from: drand's HTTP relays in production, a recording in tests. */
export interface BeaconSource {
  /** The beacon of `round`, or null if it is not published yet. Callers verify it. */
  fetch(round: number): Promise<Beacon | null>;
}

/** Serves recorded beacons, e.g. test/fixtures/drand-quicknet.json. */
export class FixtureBeaconSource implements BeaconSource {
  private readonly beacons = new Map<number, Beacon>();

  constructor(fixture: { chain?: { hash?: string }; beacons: readonly Beacon[] }) {
    const hash = fixture.chain?.hash;
    if (hash !== undefined && hash !== quicknetChain.hash) {
      throw new RangeError(`the fixture is for chain ${hash}, not quicknet`);
    }
    for (const { round, randomness, signature } of fixture.beacons) {
      this.beacons.set(round, { round, randomness, signature });
    }
  }

  static async fromFile(path: string | URL): Promise<FixtureBeaconSource> {
    return new FixtureBeaconSource(JSON.parse(await readFile(path, 'utf8')));
  }

  fetch(round: number): Promise<Beacon | null> {
    const beacon = this.beacons.get(round);
    return Promise.resolve(beacon === undefined ? null : { ...beacon });
  }
}
