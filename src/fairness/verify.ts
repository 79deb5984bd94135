/**
 * Step 6: anyone can re-run a draw from its public record and ballot list, and a player can
 * check that their own ballot was sealed into it.
 */
import { type Beacon, beaconRoundTime, verifyQuicknetBeacon } from './beacon.js';
import { type OpeningRecord, commitment, openingRecordHash } from './commit.js';
import { PROTOCOL_VERSION, dateText, lotteryIdText, parseHex } from './encoding.js';
import { MerkleBuilder, ballotLeafHash, verifyInclusion } from './merkle.js';
import { pickIndex } from './pick.js';
import { type Receipt, type ReceiptSignature, verifyReceipt } from './receipt.js';

/** Everything published about a finished draw. Hashes and the seed are lowercase hex. */
export interface DrawRecord extends OpeningRecord {
  count: number;
  root: string;
  beacon: Beacon | null;
  seed: string;
  winningIndex: number | null;
  winningBallotId: number | null;
}

/** One line of the published ballot list, in canonical (ascending ballot id) order. */
export interface PublishedBallot {
  ballotId: number;
  leafHash: string;
}

export type CheckName =
  | 'version'
  | 'commitment'
  | 'beacon'
  | 'leaves'
  | 'root'
  | 'count'
  | 'pick'
  | 'winner'
  | 'signature'
  | 'draw'
  | 'ballot'
  | 'inclusion'
  | 'chain';

export interface Check {
  name: CheckName;
  ok: boolean;
  detail: string;
}

export interface Verification {
  /** True iff every check passed. */
  ok: boolean;
  checks: Check[];
}

export interface DrawVerification extends Verification {
  /** The record's openingRecordHash, to check the next draw's prevRecordHash against. */
  openingRecordHash: string | null;
}

type Outcome = [ok: boolean, detail: string];

/** Runs one check; malformed input (a thrown error) fails the check instead of the verifier. */
function attempt(name: CheckName, test: () => Outcome): Check {
  try {
    const [ok, detail] = test();
    return { name, ok, detail };
  } catch (error) {
    return { name, ok: false, detail: `malformed: ${(error as Error).message}` };
  }
}

function finish(checks: Check[]): Verification {
  return { ok: checks.every((check) => check.ok), checks };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** What is wrong with a ballot of the published list, or null if nothing is. */
function leafProblem(
  record: DrawRecord,
  ballot: PublishedBallot,
  index: number,
  previousId: number | null,
): string | null {
  const at = `ballot ${String(index)} (id ${String(ballot.ballotId)})`;
  if (previousId !== null && !(ballot.ballotId > previousId)) {
    return `${at} does not come after id ${String(previousId)}`;
  }
  try {
    const expected = hex(ballotLeafHash(record.lotteryId, record.date, ballot.ballotId));
    return expected === ballot.leafHash
      ? null
      : `${at} has leaf hash ${String(ballot.leafHash)}, expected ${expected}`;
  } catch (error) {
    return `${at}: ${(error as Error).message}`;
  }
}

/** Verifies a whole draw, streaming the ballots in O(log n) memory. */
export async function verifyDraw(
  record: DrawRecord,
  ballots: AsyncIterable<PublishedBallot> | Iterable<PublishedBallot>,
): Promise<DrawVerification> {
  const checks: Check[] = [];

  checks.push(
    attempt('version', () => [
      record.version === PROTOCOL_VERSION,
      `protocol version ${String(record.version)}`,
    ]),
  );

  checks.push(
    attempt('commitment', () => {
      const expected = hex(
        commitment(record.lotteryId, record.date, parseHex(record.seed, 32, 'seed')),
      );
      return expected === record.commitment
        ? [true, 'the revealed seed matches the commitment']
        : [false, `the revealed seed commits to ${expected}, not ${record.commitment}`];
    }),
  );

  const genuineBeacon = record.beacon !== null && (await verifyQuicknetBeacon(record.beacon));
  checks.push(
    attempt('beacon', () => {
      const { beacon, beaconRound } = record;
      if (beaconRound === null) {
        return beacon === null
          ? [true, 'no beacon was committed']
          : [false, 'a beacon is given, none was committed'];
      }
      if (beacon === null)
        return [false, `round ${String(beaconRound)} was committed, no beacon is given`];
      if (beacon.round !== beaconRound) {
        return [
          false,
          `the beacon is round ${String(beacon.round)}, not committed round ${String(beaconRound)}`,
        ];
      }
      if (!genuineBeacon) {
        return [
          false,
          `the beacon of round ${String(beaconRound)} is not a genuine quicknet beacon`,
        ];
      }
      const published = new Date(beaconRoundTime(beaconRound)).toISOString();
      return [true, `genuine quicknet round ${String(beaconRound)}, published at ${published}`];
    }),
  );

  // One pass over the ballots: check each leaf, rebuild the root, remember the named winner.
  const builder = new MerkleBuilder();
  let firstProblem: string | null = null;
  let unreadable: string | null = null; // a published leaf hash that is not 32 bytes of hex
  let previousId: number | null = null;
  let winner: PublishedBallot | undefined;
  for await (const ballot of ballots) {
    const index = builder.count;
    if (index === record.winningIndex) winner = ballot;
    firstProblem ??= leafProblem(record, ballot, index, previousId);
    previousId = ballot.ballotId;
    let published: Buffer;
    try {
      published = parseHex(ballot.leafHash, 32, 'leafHash');
    } catch {
      unreadable ??= `ballot ${String(index)} has an unreadable leaf hash`;
      published = Buffer.alloc(32);
    }
    builder.push(published);
  }
  const count = builder.count;

  checks.push(
    attempt('leaves', () =>
      firstProblem === null
        ? [true, `all ${String(count)} leaf hashes match their ballot ids, which strictly ascend`]
        : [false, firstProblem],
    ),
  );

  checks.push(
    attempt('root', () => {
      if (unreadable !== null) return [false, unreadable];
      const rebuilt = hex(builder.root());
      return rebuilt === record.root
        ? [true, `the ballots rebuild root ${rebuilt}`]
        : [false, `the ballots rebuild root ${rebuilt}, not ${record.root}`];
    }),
  );

  checks.push(
    attempt('count', () =>
      count === record.count
        ? [true, `${String(count)} ballots`]
        : [false, `${String(count)} ballots are listed, the record says ${String(record.count)}`],
    ),
  );

  checks.push(
    attempt('pick', () => {
      const { beacon, beaconRound } = record;
      const beaconRandomness =
        beaconRound === null || beacon === null
          ? null
          : parseHex(beacon.randomness, 32, 'beacon randomness');
      if (beaconRound !== null && beaconRandomness === null) {
        return [false, 'the pick needs the committed beacon'];
      }
      const expected = pickIndex({
        lotteryId: record.lotteryId,
        date: record.date,
        root: parseHex(record.root, 32, 'root'),
        count: record.count,
        beaconRound,
        beaconRandomness,
        seed: parseHex(record.seed, 32, 'seed'),
      });
      return expected === record.winningIndex
        ? [true, `the pick gives index ${String(expected)}`]
        : [
            false,
            `the pick gives index ${String(expected)}, the record says ${String(record.winningIndex)}`,
          ];
    }),
  );

  checks.push(
    attempt('winner', () => {
      const { winningIndex, winningBallotId } = record;
      if (count === 0) {
        return winningIndex === null && winningBallotId === null
          ? [true, 'no ballots, no winner']
          : [false, 'a winner is named though there are no ballots'];
      }
      if (winner === undefined)
        return [false, `there is no ballot at index ${String(winningIndex)}`];
      return winner.ballotId === winningBallotId
        ? [true, `ballot ${String(winningBallotId)} is at index ${String(winningIndex)}`]
        : [
            false,
            `ballot ${String(winner.ballotId)} is at index ${String(winningIndex)}, not ${String(winningBallotId)}`,
          ];
    }),
  );

  let recordHash: string | null = null;
  try {
    recordHash = hex(openingRecordHash(record));
  } catch {
    // a malformed record has failed a check above already
  }
  return { ...finish(checks), openingRecordHash: recordHash };
}

/** An inclusion proof as published: the ballot's position and the sibling hashes (hex). */
export interface PublishedProof {
  index: number;
  path: string[];
}

/**
 * Checks one ballot of a player's receipt against a sealed draw: the lottery's signature, that
 * the receipt belongs to this draw and lists the ballot, and that the ballot's leaf is in the
 * sealed tree.
 */
export function verifyBallotInclusion(
  ballotId: number,
  receipt: Receipt,
  signature: ReceiptSignature,
  publicKey: string,
  proof: PublishedProof,
  record: Pick<DrawRecord, 'lotteryId' | 'date' | 'count' | 'root'>,
): Verification {
  const checks = [
    attempt('signature', () =>
      verifyReceipt(publicKey, receipt, signature)
        ? [true, 'the receipt is signed by the lottery']
        : [false, 'the receipt signature does not verify'],
    ),
    attempt('draw', () =>
      lotteryIdText(receipt.lotteryId) === lotteryIdText(record.lotteryId) &&
      receipt.drawDate === record.date
        ? [true, `the receipt is for lottery ${String(record.lotteryId)} on ${record.date}`]
        : [false, `the receipt is for lottery ${String(receipt.lotteryId)} on ${receipt.drawDate}`],
    ),
    attempt('ballot', () =>
      Array.isArray(receipt.ballotIds) && receipt.ballotIds.includes(ballotId)
        ? [true, `the receipt lists ballot ${String(ballotId)}`]
        : [false, `the receipt does not list ballot ${String(ballotId)}`],
    ),
    attempt('inclusion', () =>
      verifyInclusion(
        ballotLeafHash(receipt.lotteryId, receipt.drawDate, ballotId),
        proof.index,
        record.count,
        proof.path.map((hash) => parseHex(hash, 32, 'proof hash')),
        parseHex(record.root, 32, 'root'),
      )
        ? [true, `the ballot is leaf ${String(proof.index)} of the ${String(record.count)} sealed`]
        : [false, 'the inclusion proof does not lead to the sealed root'],
    ),
  ];
  return finish(checks);
}

/** The day after a `YYYY-MM-DD` date. */
const nextDay = (date: string): string =>
  new Date(Date.parse(`${dateText(date)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Checks one link of a lottery's chain of draws (docs/fairness.md, section 4): `record` must
 * commit to the opening record of the same lottery's draw of the day before, or, when `previous`
 * is null because `record` is the lottery's first draw, to none. A rewritten, dropped or inserted
 * earlier draw breaks the link of every draw after it.
 */
export function verifyChainLink(record: OpeningRecord, previous: OpeningRecord | null): Check {
  return attempt('chain', () => {
    if (previous === null) {
      return record.prevRecordHash === null
        ? [true, 'the lottery’s first draw: it follows no earlier one']
        : [false, 'the lottery’s first draw names a previous draw'];
    }
    if (lotteryIdText(previous.lotteryId) !== lotteryIdText(record.lotteryId)) {
      return [false, 'the previous record is of another lottery'];
    }
    if (nextDay(previous.date) !== dateText(record.date)) {
      return [
        false,
        `the previous record is of ${previous.date}, not the day before ${record.date}`,
      ];
    }
    const expected = hex(openingRecordHash(previous));
    return record.prevRecordHash === expected
      ? [true, `follows the draw of ${previous.date} (opening record ${expected})`]
      : [
          false,
          `prevRecordHash is ${String(record.prevRecordHash)}, but the draw of ${previous.date} opened with ${expected}`,
        ];
  });
}
