import { ballotIdPage, ballotPosition } from '../db/repositories/ballot-numbers.js';
import {
  findBallotDrawSeal,
  findDrawSeal,
  type DrawSealRow,
} from '../db/repositories/sealed-ballots.js';
import { toSealedPages, type SealedPage } from '../db/mappers.js';
import { DomainError, toIso, type LocalDate } from '../domain/index.js';
import {
  ballotLeafHash,
  ballotLeafHasher,
  inclusionProof,
  inclusionProofFromStream,
  rootFromInclusion,
} from '../fairness/merkle.js';
import type { PublishedBallot } from '../fairness/verify.js';
import type { AppContext } from './context.js';
import { requireLottery } from './lotteries.js';
import { signingKey } from './receipts.js';
import { SEAL_PAGE } from './sealing.js';

/**
 * What anyone may check about sealed draws (docs/fairness.md): the sealed ballot list, an
 * inclusion proof per ballot, and the key that signs receipts. Public data only: ballot ids and
 * leaf hashes, never who holds a ballot. Nothing here holds a whole draw in memory: lists and
 * proofs stream the ballots from the database a keyset page at a time.
 */

/** How many ballot ids one database read of a stream or a proof takes. */
export const STREAM_PAGE = 10_000;

/** The largest page of the ballot list. */
export const MAX_LIST_PAGE = 10_000;

/** A draw whose ballots are sealed: its count and Merkle root are published. */
export interface SealedDraw {
  drawId: number;
  lotteryId: number;
  date: LocalDate;
  count: number;
  root: string;
}

const sealedOrRefuse = (row: DrawSealRow, now: number): SealedDraw => {
  if (row.sealed_count !== null && row.sealed_root !== null) {
    return {
      drawId: row.draw_id,
      lotteryId: row.lottery_id,
      date: row.draw_date as LocalDate,
      count: row.sealed_count,
      root: row.sealed_root,
    };
  }
  if (now < row.closes_at) {
    throw new DomainError(
      'draw-not-sealed',
      `The draw of ${row.draw_date} is still open; its ballots are sealed when it closes, at ${toIso(row.closes_at)}.`,
    );
  }
  throw new DomainError(
    'draw-not-sealed',
    `The draw of ${row.draw_date} has closed and its ballots are being sealed; try again in a moment.`,
    { details: { retryAfter: 5 } },
  );
};

/** The draw of `lotteryId` on `date`, refused unless its ballots are sealed. */
export const sealedDraw = async (
  ctx: AppContext,
  lotteryId: number,
  date: LocalDate,
): Promise<SealedDraw> => {
  await requireLottery(ctx, lotteryId);
  const row = await findDrawSeal(ctx.db, lotteryId, date);
  if (!row) throw new DomainError('draw-not-found', `The lottery had no draw on ${date}.`);
  return sealedOrRefuse(row, ctx.clock.now());
};

const published = (draw: SealedDraw, ballotId: number): PublishedBallot => ({
  ballotId,
  leafHash: ballotLeafHash(draw.lotteryId, draw.date, ballotId).toString('hex'),
});

/** One page of the sealed list in canonical order; `next` is the `after` of the next page. */
export const sealedBallotPage = async (
  ctx: AppContext,
  draw: SealedDraw,
  page: { after?: number | undefined; limit: number },
): Promise<{ ballots: PublishedBallot[]; next: number | null }> => {
  const limit = Math.min(Math.max(page.limit, 1), MAX_LIST_PAGE);
  const ids = await ballotIdPage(ctx.db, draw.drawId, page.after ?? 0, limit + 1);
  const shown = ids.slice(0, limit);
  return {
    ballots: shown.map((id) => published(draw, id)),
    next: ids.length > limit ? shown[shown.length - 1]! : null,
  };
};

/** The draw's ballot ids in canonical order, a keyset page at a time. */
async function* sealedIdPages(ctx: AppContext, draw: SealedDraw): AsyncGenerator<number[]> {
  let after = 0;
  for (;;) {
    const ids = await ballotIdPage(ctx.db, draw.drawId, after, STREAM_PAGE);
    if (ids.length > 0) yield ids;
    if (ids.length < STREAM_PAGE) return;
    after = ids[ids.length - 1]!;
  }
}

/** The whole sealed list, streamed a page at a time (each page at most STREAM_PAGE ballots). */
export async function* sealedBallotPages(
  ctx: AppContext,
  draw: SealedDraw,
): AsyncGenerator<PublishedBallot[]> {
  let streamed = 0;
  for await (const ids of sealedIdPages(ctx, draw)) {
    streamed += ids.length;
    yield ids.map((id) => published(draw, id));
  }
  if (streamed !== draw.count) {
    // Cannot happen while ballots are never deleted; the verifier would say so, loudly, too.
    ctx.log.error(
      { drawId: draw.drawId, sealed: draw.count, streamed },
      'the sealed ballot list does not hold the sealed count',
    );
  }
}

export interface BallotProof {
  ballotId: number;
  lotteryId: number;
  drawDate: LocalDate;
  /** The ballot's position in canonical order, from 0. */
  index: number;
  count: number;
  root: string;
  leafHash: string;
  /** RFC 9162 inclusion proof: sibling hashes from the leaf up, hex. */
  path: string[];
}

/**
 * The inclusion proof of a ballot in its sealed draw. From the pages kept with the seal (ADR
 * 0013) it reads and hashes only the ballot's page; for a draw sealed before that, it hashes
 * every leaf as they stream past (O(log n) memory, one pass over the ballots).
 */
export const ballotProof = async (ctx: AppContext, ballotId: number): Promise<BallotProof> => {
  const row = await findBallotDrawSeal(ctx.db, ballotId);
  if (!row) throw new DomainError('ballot-not-found', `There is no ballot ${ballotId}.`);
  const draw = sealedOrRefuse(row, ctx.clock.now());
  const fromPages =
    row.sealed_pages === null
      ? undefined
      : await proofFromPages(ctx, draw, toSealedPages(row.sealed_pages), ballotId);
  const { index, path } = fromPages ?? (await proofFromStream(ctx, draw, ballotId));
  return {
    ballotId,
    lotteryId: draw.lotteryId,
    drawDate: draw.date,
    index,
    count: draw.count,
    root: draw.root,
    leafHash: ballotLeafHash(draw.lotteryId, draw.date, ballotId).toString('hex'),
    path: path.map((hash) => hash.toString('hex')),
  };
};

interface Placed {
  index: number;
  path: Buffer[];
}

/**
 * The proof from the ballot's page alone. Pages are SEAL_PAGE ballots, a power of two, so every
 * split of the draw's tree above a page falls between pages: the proof is the ballot's path in
 * its page followed by its page's path among the page roots. Checked against the sealed root
 * before it is given; undefined (and logged) if the kept pages do not give it.
 */
const proofFromPages = async (
  ctx: AppContext,
  draw: SealedDraw,
  pages: readonly SealedPage[],
  ballotId: number,
): Promise<Placed | undefined> => {
  // The last page starting at or before the ballot.
  let low = 0;
  let high = pages.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (pages[mid]!.first <= ballotId) low = mid + 1;
    else high = mid;
  }
  const page = low - 1;
  const ids =
    page < 0 ? [] : await ballotIdPage(ctx.db, draw.drawId, pages[page]!.first - 1, SEAL_PAGE);
  const inPage = ids.indexOf(ballotId);
  if (inPage >= 0) {
    const leafOf = ballotLeafHasher(draw.lotteryId, draw.date);
    const index = page * SEAL_PAGE + inPage;
    const path = [
      ...inclusionProof(inPage, ids.map(leafOf)),
      ...inclusionProof(
        page,
        pages.map((p) => p.root),
      ),
    ];
    const root = rootFromInclusion(leafOf(ballotId), index, draw.count, path);
    if (root?.toString('hex') === draw.root) return { index, path };
  }
  ctx.log.error(
    { drawId: draw.drawId, ballotId },
    'the pages kept with the seal do not prove this ballot; proving it from the whole draw',
  );
  return undefined;
};

const proofFromStream = async (
  ctx: AppContext,
  draw: SealedDraw,
  ballotId: number,
): Promise<Placed> => {
  const index = await ballotPosition(ctx.db, draw.drawId, ballotId);
  async function* leaves() {
    for await (const ids of sealedIdPages(ctx, draw)) {
      for (const id of ids) yield ballotLeafHash(draw.lotteryId, draw.date, id);
    }
  }
  return { index, path: await inclusionProofFromStream(index, draw.count, leaves()) };
};

/** The public half of the receipt-signing key (SPKI PEM). */
export const receiptKey = async (
  ctx: AppContext,
): Promise<{ algorithm: 'Ed25519'; publicKey: string }> => ({
  algorithm: 'Ed25519',
  publicKey: (await signingKey(ctx)).publicKeyPem,
});
