import {
  drawsOfDate,
  drawsOfLotteryPage,
  drawWithFairness,
  type DrawFairnessRow,
  type DrawSummaryRow,
} from '../db/repositories/draw-views.js';
import { ballotCountsByDraw, latestDrawnDate } from '../db/repositories/draws.js';
import {
  addDays,
  DomainError,
  startOfDay,
  type DrawStatus,
  type LocalDate,
} from '../domain/index.js';
import type { Beacon } from '../fairness/beacon.js';
import { PROTOCOL_VERSION } from '../fairness/encoding.js';
import type { AppContext } from './context.js';
import { requireLottery } from './lotteries.js';

/**
 * What the public sees of draws: the one place that decides which fields a draw shows, and when.
 * The secret seed appears only once the draw is drawn.
 */

/** A draw whose day has not begun yet is `upcoming`; its commitment is already public. */
export type DrawViewStatus = 'upcoming' | DrawStatus;

export interface DrawSummary {
  id: number;
  lotteryId: number;
  lotteryName: string;
  date: LocalDate;
  status: DrawViewStatus;
  opensAt: number;
  closesAt: number;
  closedAt: number | null;
  drawnAt: number | null;
  /** The sealed count from the close on; the count so far before. */
  ballotCount: number;
  winningBallot: { id: number; username: string } | null;
}

/**
 * The draw record of docs/fairness.md, section 9, as published so far: everything a verifier
 * needs (with the draw's lottery id and date). What is not known or not public yet is absent.
 */
export interface Fairness {
  version: number;
  commitment: string;
  beaconRound: number | null;
  prevRecordHash: string | null;
  recordHash: string;
  /** Published when the draw closes and its ballots are sealed. */
  count?: number;
  merkleRoot?: string;
  /** The rest only once the draw is drawn. */
  seed?: string;
  winningIndex?: number | null;
  winningBallotId?: number | null;
  beacon?: Beacon | null;
  /** The beacon's randomness and signature again, as earlier clients read them. */
  beaconRandomness?: string | null;
  beaconSignature?: string | null;
}

export interface DrawDetail extends DrawSummary {
  timeZone: string;
  fairness: Fairness;
}

const summarize = (
  row: DrawSummaryRow,
  liveCounts: Map<number, number>,
  now: number,
): DrawSummary => ({
  id: row.id,
  lotteryId: row.lottery_id,
  lotteryName: row.lottery_name,
  date: row.draw_date as LocalDate,
  status: row.status === 'open' && now < row.opens_at ? 'upcoming' : row.status,
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  closedAt: row.closed_at,
  drawnAt: row.drawn_at,
  ballotCount: row.ballot_count ?? row.sealed_count ?? liveCounts.get(row.id) ?? 0,
  winningBallot:
    row.winning_ballot_id !== null && row.winner_username !== null
      ? { id: row.winning_ballot_id, username: row.winner_username }
      : null,
});

const summarizeAll = async (ctx: AppContext, rows: DrawSummaryRow[]): Promise<DrawSummary[]> => {
  const unsealed = rows
    .filter((r) => r.ballot_count === null && r.sealed_count === null)
    .map((r) => r.id);
  const liveCounts = await ballotCountsByDraw(ctx.db, unsealed);
  const now = ctx.clock.now();
  return rows.map((row) => summarize(row, liveCounts, now));
};

const fairnessOf = (row: DrawFairnessRow): Fairness => {
  const committed: Fairness = {
    version: PROTOCOL_VERSION,
    commitment: row.commitment,
    beaconRound: row.beacon_round,
    prevRecordHash: row.prev_record_hash,
    recordHash: row.record_hash,
  };
  // The ballots are sealed (count and root published) at the close; the seed only once drawn.
  const count = row.ballot_count ?? row.sealed_count;
  const root = row.merkle_root ?? row.sealed_root;
  const sealed =
    count === null || root === null ? committed : { ...committed, count, merkleRoot: root };
  if (row.status !== 'drawn') return sealed;
  const beacon =
    row.beacon_round === null || row.beacon_randomness === null || row.beacon_signature === null
      ? null
      : {
          round: row.beacon_round,
          randomness: row.beacon_randomness,
          signature: row.beacon_signature,
        };
  return {
    ...sealed,
    seed: row.seed,
    winningIndex: row.winning_index,
    winningBallotId: row.winning_ballot_id,
    beacon,
    beaconRandomness: row.beacon_randomness,
    beaconSignature: row.beacon_signature,
  };
};

/**
 * A day's results never change once every time zone's day is over and each of its draws is
 * drawn (no lottery can start on a past day), so such days are kept in memory, a bounded few.
 */
export class SettledDays {
  private readonly days = new Map<string, DrawSummary[]>();
  constructor(private readonly max = 256) {}

  get(date: string): DrawSummary[] | undefined {
    return this.days.get(date);
  }

  remember(date: LocalDate, draws: DrawSummary[], now: number): void {
    if (draws.length === 0 || draws.some((d) => d.status !== 'drawn')) return;
    // The last places on Earth finish a day 12 hours after UTC does; a day later is safe.
    if (!(now >= startOfDay(addDays(date, 2), 'UTC'))) return;
    if (this.days.size >= this.max) this.days.delete(this.days.keys().next().value!);
    this.days.set(date, draws);
  }
}

/** The draws of one date that have begun, across lotteries (none for a future date). */
export const drawsOfDay = async (
  ctx: AppContext,
  date: LocalDate,
  cache?: SettledDays,
): Promise<DrawSummary[]> => {
  const cached = cache?.get(date);
  if (cached) return cached;
  const all = await summarizeAll(ctx, await drawsOfDate(ctx.db, date));
  cache?.remember(date, all, ctx.clock.now());
  return all.filter((d) => d.status !== 'upcoming');
};

/** One lottery's draws, newest first, a page at a time; `next` is the `before` of the next page. */
export const drawsOfLottery = async (
  ctx: AppContext,
  lotteryId: number,
  page: { before?: LocalDate | undefined; limit: number },
): Promise<{ draws: DrawSummary[]; next: LocalDate | null }> => {
  await requireLottery(ctx, lotteryId);
  const rows = await drawsOfLotteryPage(ctx.db, lotteryId, { ...page, limit: page.limit + 1 });
  const draws = await summarizeAll(ctx, rows.slice(0, page.limit));
  return { draws, next: rows.length > page.limit ? draws[draws.length - 1]!.date : null };
};

/** One draw with its fairness record. */
export const drawDetail = async (
  ctx: AppContext,
  lotteryId: number,
  date: LocalDate,
): Promise<DrawDetail> => {
  await requireLottery(ctx, lotteryId);
  const row = await drawWithFairness(ctx.db, lotteryId, date);
  if (!row) throw new DomainError('draw-not-found', `The lottery had no draw on ${date}.`);
  const [summary] = await summarizeAll(ctx, [row]);
  return { ...summary!, timeZone: row.time_zone, fairness: fairnessOf(row) };
};

/** The latest date with a drawn draw, which the web app shows first. */
export const latestDrawnDay = async (ctx: AppContext): Promise<LocalDate | null> =>
  ((await latestDrawnDate(ctx.db)) as LocalDate | undefined) ?? null;
