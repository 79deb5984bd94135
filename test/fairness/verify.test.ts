import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Beacon,
  type DrawRecord,
  type DrawVerification,
  type PublishedBallot,
  type Receipt,
  type ReceiptSignature,
  ballotLeafHash,
  commitment,
  generateSigningKey,
  inclusionProof,
  merkleRoot,
  openingRecordHash,
  pickIndex,
  signReceipts,
  type OpeningRecord,
  verifyBallotInclusion,
  verifyChainLink,
  verifyDraw,
} from '../../src/fairness/index.js';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/drand-quicknet.json', import.meta.url), 'utf8'),
) as { beacons: Beacon[] };
const beacon = fixture.beacons[0] as Beacon;

const lotteryId = 'example';
const date = '2023-09-15';
const seed = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** What the server does at the close: seal the ballots, take the beacon, pick, publish. */
function sealDraw(
  ballotIds: number[],
  drawBeacon: Beacon | null,
): { record: DrawRecord; ballots: PublishedBallot[] } {
  const leaves = ballotIds.map((id) => ballotLeafHash(lotteryId, date, id));
  const root = merkleRoot(leaves);
  const winningIndex = pickIndex({
    lotteryId,
    date,
    root,
    count: leaves.length,
    beaconRound: drawBeacon?.round ?? null,
    beaconRandomness: drawBeacon === null ? null : Buffer.from(drawBeacon.randomness, 'hex'),
    seed,
  });
  const record: DrawRecord = {
    version: 1,
    lotteryId,
    date,
    commitment: hex(commitment(lotteryId, date, seed)),
    beaconRound: drawBeacon?.round ?? null,
    prevRecordHash: null,
    count: leaves.length,
    root: hex(root),
    beacon: drawBeacon,
    seed: hex(seed),
    winningIndex,
    winningBallotId: winningIndex === null ? null : (ballotIds[winningIndex] ?? null),
  };
  const ballots = ballotIds.map((ballotId, i) => ({
    ballotId,
    leafHash: hex(leaves[i] as Buffer),
  }));
  return { record, ballots };
}

const failed = (result: DrawVerification): string[] =>
  result.checks.filter((check) => !check.ok).map((check) => check.name);

async function* slowly<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

// The worked example of docs/fairness.md.
const example = sealDraw([3, 5, 8, 13, 21], beacon);

describe('Verifying a draw', () => {
  it('accepts the worked example, whose winner is ballot 5', async () => {
    expect(example.record.root).toBe(
      '785648d144d27917bc7b98776c9588ab8d4746cf3e9cf2e7ffb276a7b3701b41',
    );
    expect(example.record.winningIndex).toBe(1);
    expect(example.record.winningBallotId).toBe(5);
    const result = await verifyDraw(example.record, example.ballots);
    expect(result.checks.map((check) => check.name)).toEqual([
      'version',
      'commitment',
      'beacon',
      'leaves',
      'root',
      'count',
      'pick',
      'winner',
    ]);
    expect(failed(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checks.find((check) => check.name === 'beacon')?.detail).toContain(
      '2023-09-15T11:00:03.000Z',
    );
    expect(result.openingRecordHash).toBe(
      '85c99f9752da6a6db3f5509ce03ddea7fa638e82b8fed05ad722c239e0112405',
    );
    expect(result.openingRecordHash).toBe(hex(openingRecordHash(example.record)));
  });

  it('accepts a draw without a beacon, whose winner is ballot 8', async () => {
    const { record, ballots } = sealDraw([3, 5, 8, 13, 21], null);
    expect(record.winningBallotId).toBe(8);
    expect((await verifyDraw(record, ballots)).ok).toBe(true);
  });

  it('accepts a draw with no ballots and no winner', async () => {
    const { record, ballots } = sealDraw([], null);
    expect(record.root).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(record.winningIndex).toBeNull();
    const result = await verifyDraw(record, ballots);
    expect(failed(result)).toEqual([]);
  });

  it('streams the ballots from an async source', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => 1000 + 3 * i);
    const { record, ballots } = sealDraw(ids, null);
    expect((await verifyDraw(record, slowly(ballots))).ok).toBe(true);
  });

  it('fails the commitment check when the revealed seed is changed', async () => {
    const record = { ...example.record, seed: '11'.repeat(32) };
    const result = await verifyDraw(record, example.ballots);
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual(['commitment', 'pick']);
  });

  it('fails the root and count checks when a ballot is dropped', async () => {
    const ballots = example.ballots.filter((ballot) => ballot.ballotId !== 13);
    expect(failed(await verifyDraw(example.record, ballots))).toEqual(['root', 'count']);
  });

  it('fails the root and count checks when a ballot is added', async () => {
    const extra = { ballotId: 34, leafHash: hex(ballotLeafHash(lotteryId, date, 34)) };
    expect(failed(await verifyDraw(example.record, [...example.ballots, extra]))).toEqual([
      'root',
      'count',
    ]);
  });

  it('fails the leaves, root and winner checks when ballots are reordered', async () => {
    const [a, b, ...rest] = example.ballots as [PublishedBallot, PublishedBallot];
    const result = await verifyDraw(example.record, [b, a, ...rest]);
    expect(failed(result)).toEqual(['leaves', 'root', 'winner']);
    expect(result.checks.find((check) => check.name === 'leaves')?.detail).toContain(
      'does not come after',
    );
  });

  it('fails the leaves check when a leaf hash does not belong to its ballot id', async () => {
    const ballots = example.ballots.map((ballot, i) =>
      i === 2 ? { ...ballot, leafHash: hex(ballotLeafHash('other', date, 8)) } : ballot,
    );
    expect(failed(await verifyDraw(example.record, ballots))).toEqual(['leaves', 'root']);
  });

  it('fails the count check when the published count is changed', async () => {
    const result = await verifyDraw({ ...example.record, count: 6 }, example.ballots);
    expect(failed(result)).toContain('count');
    expect(failed(result)).not.toContain('root');
  });

  it('fails the winner check when another ballot is named the winner', async () => {
    const record = { ...example.record, winningBallotId: 8 };
    expect(failed(await verifyDraw(record, example.ballots))).toEqual(['winner']);
  });

  it('fails the pick check when the winning index is changed', async () => {
    const record = { ...example.record, winningIndex: 2, winningBallotId: 8 };
    expect(failed(await verifyDraw(record, example.ballots))).toEqual(['pick']);
  });

  it('fails the beacon check for a forged beacon signature', async () => {
    const signature = `${beacon.signature.slice(0, -2)}00`;
    const record = { ...example.record, beacon: { ...beacon, signature } };
    expect(failed(await verifyDraw(record, example.ballots))).toEqual(['beacon']);
  });

  it('fails the beacon check for a beacon of another round than committed', async () => {
    const record = { ...example.record, beacon: { ...beacon, round: beacon.round + 1 } };
    const result = await verifyDraw(record, example.ballots);
    expect(failed(result)).toEqual(['beacon']);
    expect(result.checks[2]?.detail).toContain('not committed round 657413');
  });

  it('fails the beacon check when a committed beacon is withheld', async () => {
    const result = await verifyDraw({ ...example.record, beacon: null }, example.ballots);
    expect(failed(result)).toEqual(['beacon', 'pick']);
  });

  it('reports malformed records as failed checks instead of throwing', async () => {
    const record = { ...example.record, seed: 'not hex', root: 'xyz' };
    const result = await verifyDraw(record, example.ballots);
    expect(failed(result)).toEqual(['commitment', 'root', 'pick']);
    expect(result.checks[1]?.detail).toMatch(/^malformed: seed/);
    const badLeaf = example.ballots.map((b, i) => (i === 0 ? { ...b, leafHash: '00' } : b));
    expect(failed(await verifyDraw(example.record, badLeaf))).toEqual(['leaves', 'root']);
  });
});

describe('Verifying that a ballot was sealed into the draw', () => {
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
`;
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
-----END PUBLIC KEY-----
`;
  // Ballots 8 and 13 were bought together; another submission was signed in the same batch.
  const receipt: Receipt = {
    lotteryId,
    drawDate: date,
    ballotIds: [8, 13],
    submittedAt: '2023-09-15T09:30:00.000Z',
  };
  const [signature] = signReceipts(privateKeyPem, [receipt, { ...receipt, ballotIds: [21] }]) as [
    ReceiptSignature,
  ];
  const leaves = example.ballots.map((ballot) => Buffer.from(ballot.leafHash, 'hex'));
  const proof = { index: 2, path: inclusionProof(2, leaves).map(hex) };
  const failedNames = (result: { checks: { name: string; ok: boolean }[] }): string[] =>
    result.checks.filter((check) => !check.ok).map((check) => check.name);

  it('accepts a signed receipt with its inclusion proof', () => {
    const result = verifyBallotInclusion(
      8,
      receipt,
      signature,
      publicKeyPem,
      proof,
      example.record,
    );
    expect(result.checks.map((check) => check.name)).toEqual([
      'signature',
      'draw',
      'ballot',
      'inclusion',
    ]);
    expect(result.ok).toBe(true);
  });

  it('fails the ballot check for a ballot the receipt does not list', () => {
    const at = { index: 1, path: inclusionProof(1, leaves).map(hex) }; // ballot 5, sealed
    const result = verifyBallotInclusion(5, receipt, signature, publicKeyPem, at, example.record);
    expect(failedNames(result)).toEqual(['ballot']);
  });

  it('fails the signature check for a forged receipt', () => {
    const forged = { ...receipt, submittedAt: '2023-09-15T09:29:59.000Z' };
    const result = verifyBallotInclusion(8, forged, signature, publicKeyPem, proof, example.record);
    expect(failedNames(result)).toEqual(['signature']);
  });

  it('fails the signature check for a receipt signed by another key', () => {
    const other = generateSigningKey().publicKeyPem;
    const result = verifyBallotInclusion(8, receipt, signature, other, proof, example.record);
    expect(failedNames(result)).toEqual(['signature']);
  });

  it('fails the draw check for a receipt of another day', () => {
    const record = { ...example.record, date: '2023-09-16' };
    expect(
      failedNames(verifyBallotInclusion(8, receipt, signature, publicKeyPem, proof, record)),
    ).toEqual(['draw']);
  });

  it('fails the inclusion check when the ballot was left out of the seal', () => {
    const { record } = sealDraw([3, 5, 13, 21], beacon);
    const result = verifyBallotInclusion(8, receipt, signature, publicKeyPem, proof, record);
    expect(failedNames(result)).toEqual(['inclusion']);
    const wrongIndex = { ...proof, index: 3 };
    expect(
      failedNames(
        verifyBallotInclusion(8, receipt, signature, publicKeyPem, wrongIndex, example.record),
      ),
    ).toEqual(['inclusion']);
  });
});

describe('verifyChainLink', () => {
  const opening = (day: string, prevRecordHash: string | null): OpeningRecord => ({
    version: 1,
    lotteryId,
    date: day,
    commitment: hex(commitment(lotteryId, day, seed)),
    beaconRound: null,
    prevRecordHash,
  });
  const first = opening('2023-09-14', null);
  const second = opening('2023-09-15', hex(openingRecordHash(first)));

  it('accepts a draw that commits to the opening record of the day before', () => {
    expect(verifyChainLink(second, first)).toMatchObject({ name: 'chain', ok: true });
    // Across a month's end too.
    const august = opening('2023-08-31', null);
    expect(verifyChainLink(opening('2023-09-01', hex(openingRecordHash(august))), august).ok).toBe(
      true,
    );
  });

  it('accepts a lottery’s first draw only when it names no previous one', () => {
    expect(verifyChainLink(first, null).ok).toBe(true);
    expect(verifyChainLink(second, null).ok).toBe(false);
  });

  it('shows a rewritten earlier draw: its opening no longer matches what the next one names', () => {
    const rewritten = {
      ...first,
      commitment: hex(commitment(lotteryId, first.date, Buffer.alloc(32))),
    };
    const check = verifyChainLink(second, rewritten);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('opened with');
  });

  it('refuses a previous record of another day or another lottery', () => {
    const twoDaysBefore = opening('2023-09-13', null);
    expect(
      verifyChainLink(
        { ...second, prevRecordHash: hex(openingRecordHash(twoDaysBefore)) },
        twoDaysBefore,
      ).ok,
    ).toBe(false);
    expect(verifyChainLink(second, { ...first, lotteryId: 'other' }).ok).toBe(false);
  });

  it('fails the check instead of throwing on a malformed record', () => {
    expect(verifyChainLink(second, { ...first, date: '2023-02-30' })).toMatchObject({
      name: 'chain',
      ok: false,
    });
  });
});
