import { ballotIdPage } from '../db/repositories/draws.js';
import {
  ballotPosition,
  findBallotDrawSeal,
  findDrawSeal,
  type DrawSealRow,
} from '../db/repositories/sealed-ballots.js';
import { DomainError, toIso, type LocalDate } from '../domain/index.js';
import { ballotLeafHash, inclusionProofFromStream } from '../fairness/merkle.js';
import type { PublishedBallot } from '../fairness/verify.js';
import type { AppContext } from './context.js';
import { requireLottery } from './lotteries.js';
import { signingKey } from './receipts.js';

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
 * The inclusion proof of a ballot in its sealed draw, computed while the draw's leaves stream
 * past (O(log n) memory, one pass over the ballots).
 */
export const ballotProof = async (ctx: AppContext, ballotId: number): Promise<BallotProof> => {
  const row = await findBallotDrawSeal(ctx.db, ballotId);
  if (!row) throw new DomainError('ballot-not-found', `There is no ballot ${ballotId}.`);
  const draw = sealedOrRefuse(row, ctx.clock.now());
  const index = await ballotPosition(ctx.db, draw.drawId, ballotId);
  async function* leaves() {
    for await (const ids of sealedIdPages(ctx, draw)) {
      for (const id of ids) yield ballotLeafHash(draw.lotteryId, draw.date, id);
    }
  }
  const path = await inclusionProofFromStream(index, draw.count, leaves());
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

/** The public half of the receipt-signing key (SPKI PEM). */
export const receiptKey = async (
  ctx: AppContext,
): Promise<{ algorithm: 'Ed25519'; publicKey: string }> => ({
  algorithm: 'Ed25519',
  publicKey: (await signingKey(ctx)).publicKeyPem,
});
