import { toSealedPages } from '../db/mappers.js';
import { ballotIdAt } from '../db/repositories/ballot-numbers.js';
import {
  claimDraw,
  findDrawRow,
  findDrawRowById,
  insertDrawIfAbsent,
  latestDrawRow,
  listDueDraws,
  recordDrawResult,
  recordSeal,
  releaseDraw,
} from '../db/repositories/draws.js';
import { findLottery, listActiveLotteries } from '../db/repositories/lotteries.js';
import type { DrawRow } from '../db/schema.js';
import {
  addDays,
  compareDates,
  dateAt,
  drawDatesDueBy,
  drawWindow,
  type LocalDate,
  type Lottery,
} from '../domain/index.js';
import { firstRoundAfter, verifyQuicknetBeacon } from '../fairness/beacon.js';
import { commitment, openingRecordHash } from '../fairness/commit.js';
import { PROTOCOL_VERSION } from '../fairness/encoding.js';
import { pickIndex } from '../fairness/pick.js';
import type { AppContext } from './context.js';
import { SEAL_PAGE, sealBallots } from './sealing.js';

/**
 * The beacon round comes this long after midnight, so the draw is sealed (count and root
 * published) before the randomness exists, even for the largest draws.
 */
export const BEACON_MARGIN_MS = 120_000;
/** How long a sealer's claim holds before another process may take over. */
const LEASE_MS = 120_000;

/**
 * Opens (creates) a lottery's draws in date order up to tomorrow, each with its secret seed
 * committed and chained to the previous draw's opening record. Safe to run from several
 * processes at once: the unique (lottery, day) key lets exactly one opening win.
 */
export const ensureDraws = async (ctx: AppContext, lottery: Lottery): Promise<number> => {
  const range = drawDatesDueBy(lottery, ctx.clock.now());
  if (!range) return 0;
  const latest = await latestDrawRow(ctx.db, lottery.id);
  let previous = latest ?? null;
  let date: LocalDate = latest ? addDays(latest.draw_date as LocalDate, 1) : range.from;
  let opened = 0;
  while (compareDates(date, range.to) <= 0) {
    previous = await openDraw(ctx, lottery, date, previous);
    opened += 1;
    date = addDays(date, 1);
  }
  return opened;
};

const openDraw = async (
  ctx: AppContext,
  lottery: Lottery,
  date: LocalDate,
  previous: DrawRow | null,
): Promise<DrawRow> => {
  const { start, end } = drawWindow(lottery, date);
  const seed = Buffer.from(ctx.random.bytes(32));
  const commit = commitment(lottery.id, date, seed).toString('hex');
  const beaconRound = ctx.beacon
    ? firstRoundAfter(end + (ctx.beaconMarginMs ?? BEACON_MARGIN_MS))
    : null;
  const prevRecordHash = previous?.record_hash ?? null;
  const recordHash = openingRecordHash({
    version: PROTOCOL_VERSION,
    lotteryId: lottery.id,
    date,
    commitment: commit,
    beaconRound,
    prevRecordHash,
  }).toString('hex');
  return insertDrawIfAbsent(ctx.db, {
    lottery_id: lottery.id,
    draw_date: date,
    opens_at: start,
    closes_at: end,
    seed: seed.toString('hex'),
    commitment: commit,
    beacon_round: beaconRound,
    prev_record_hash: prevRecordHash,
    record_hash: recordHash,
    created_at: ctx.clock.now(),
  });
};

/** Opens the draws every running lottery needs (catch-up after downtime included). */
export const ensureAllDraws = async (ctx: AppContext): Promise<number> => {
  // Two days back covers every time zone's "today".
  const lotteries = await listActiveLotteries(ctx.db, addDays(dateAt(ctx.clock.now(), 'UTC'), -2));
  let opened = 0;
  for (const lottery of lotteries) opened += await ensureDraws(ctx, lottery);
  return opened;
};

export type SealOutcome = 'drawn' | 'busy' | 'awaiting-beacon' | 'already-drawn';

export interface CloseReport {
  drawn: number;
  awaitingBeacon: number;
  busy: number;
}

/**
 * Closes and draws every draw whose midnight has passed, oldest first, in bounded batches.
 * The midnight tick and the catch-up after downtime are this same function.
 */
export const closeDueDraws = async (
  ctx: AppContext,
  options: { batch?: number } = {},
): Promise<CloseReport> => {
  const report: CloseReport = { drawn: 0, awaitingBeacon: 0, busy: 0 };
  const skipped = new Set<number>();
  for (;;) {
    const due = (
      await listDueDraws(ctx.db, ctx.clock.now(), (options.batch ?? 100) + skipped.size)
    ).filter((d) => !skipped.has(d.id));
    if (due.length === 0) return report;
    for (const draw of due) {
      const outcome = await sealDraw(ctx, draw.id);
      if (outcome === 'drawn') report.drawn += 1;
      else {
        skipped.add(draw.id);
        if (outcome === 'awaiting-beacon') report.awaitingBeacon += 1;
        if (outcome === 'busy') report.busy += 1;
      }
    }
  }
};

/**
 * Closes one due draw and records its result. Exactly once: the close is a conditional update,
 * the result has a unique key, and the winner is a pure function of what was committed before
 * the draw opened and what was sealed at its close, so a retry after a crash picks the same one.
 */
export const sealDraw = async (ctx: AppContext, drawId: number): Promise<SealOutcome> => {
  const started = ctx.clock.now();
  const claimed = await claimDraw(ctx.db, {
    id: drawId,
    now: started,
    owner: ctx.instanceId,
    leaseMs: LEASE_MS,
  });
  if (!claimed) {
    const row = await findDrawRowById(ctx.db, drawId);
    return row?.status === 'drawn' ? 'already-drawn' : 'busy';
  }
  try {
    let draw = (await findDrawRowById(ctx.db, drawId))!;
    let checkpoints: number[] | null = null;
    if (draw.sealed_root === null) {
      // Seal first and publish the count and root at once: they are fixed before the beacon
      // round exists, so nobody can choose ballots knowing the randomness.
      const sealed = await sealBallots(ctx, draw);
      await recordSeal(ctx.db, {
        id: draw.id,
        count: sealed.count,
        root: sealed.root.toString('hex'),
        pages: sealed.pages,
        at: ctx.clock.now(),
      });
      checkpoints = sealed.checkpoints;
      draw = (await findDrawRowById(ctx.db, drawId))!;
    } else {
      // Sealed in an earlier pass (the draw waited for its beacon, or the process stopped after
      // the seal): the kept pages say where each page starts, so the pick reads one page.
      checkpoints = keptCheckpoints(draw);
    }
    const count = draw.sealed_count!;
    const root = Buffer.from(draw.sealed_root!, 'hex');

    let beacon: { randomness: string; signature: string } | null = null;
    if (draw.beacon_round !== null) {
      beacon = await fetchBeacon(ctx, draw.beacon_round);
      if (!beacon) {
        await releaseDraw(ctx.db, drawId, ctx.instanceId);
        return 'awaiting-beacon';
      }
    }
    const winningIndex =
      count === 0
        ? null
        : pickIndex({
            lotteryId: draw.lottery_id,
            date: draw.draw_date,
            root,
            count,
            beaconRound: draw.beacon_round,
            beaconRandomness: beacon ? Buffer.from(beacon.randomness, 'hex') : null,
            seed: Buffer.from(draw.seed, 'hex'),
          });
    const winningBallotId =
      winningIndex === null ? null : await ballotAtIndex(ctx, draw.id, checkpoints, winningIndex);
    const recorded = await ctx.db.transaction().execute((tx) =>
      recordDrawResult(tx, {
        draw_id: draw.id,
        ballot_count: count,
        merkle_root: draw.sealed_root!,
        winning_index: winningIndex,
        winning_ballot_id: winningBallotId,
        beacon_randomness: beacon?.randomness ?? null,
        beacon_signature: beacon?.signature ?? null,
        drawn_at: ctx.clock.now(),
      }),
    );
    if (!recorded) return 'already-drawn';
    const ms = ctx.clock.now() - started;
    ctx.events?.drawDrawn?.({
      drawId,
      lotteryId: draw.lottery_id,
      date: draw.draw_date,
      ballotCount: count,
      ms,
    });
    ctx.log.info(
      {
        drawId,
        lotteryId: draw.lottery_id,
        date: draw.draw_date,
        ballots: count,
        winningBallotId,
        ms,
      },
      'draw drawn',
    );
    return 'drawn';
  } catch (error) {
    await releaseDraw(ctx.db, drawId, ctx.instanceId).catch(() => {});
    throw error;
  }
};

const fetchBeacon = async (ctx: AppContext, round: number) => {
  const beacon = await ctx.beacon!.fetch(round);
  if (!beacon) return null;
  if (beacon.round !== round || !(await verifyQuicknetBeacon(beacon))) {
    // Never fall back silently: an invalid beacon leaves the draw waiting, loudly.
    ctx.log.error({ round }, 'the randomness beacon returned an invalid beacon; the draw waits');
    return null;
  }
  return beacon;
};

/**
 * The first ballot of each sealing page, as the seal kept them (ADR 0013); null for a draw
 * sealed before pages were kept, or whose pages do not cover its count.
 */
const keptCheckpoints = (draw: DrawRow): number[] | null => {
  if (draw.sealed_pages === null || draw.sealed_count === null) return null;
  const pages = toSealedPages(draw.sealed_pages);
  return pages.length === Math.ceil(draw.sealed_count / SEAL_PAGE)
    ? pages.map((page) => page.first)
    : null;
};

/**
 * The ballot at `index` in canonical order: from the start of its page when the pages are
 * known, else (a draw sealed before pages were kept) counted along the (draw_id, id) index.
 */
const ballotAtIndex = async (
  ctx: AppContext,
  drawId: number,
  checkpoints: number[] | null,
  index: number,
) => {
  const id = checkpoints
    ? await ballotIdAt(
        ctx.db,
        drawId,
        checkpoints[Math.floor(index / SEAL_PAGE)]!,
        index % SEAL_PAGE,
      )
    : await ballotIdAt(ctx.db, drawId, 0, index);
  if (id === undefined) throw new Error(`Draw ${drawId} has no ballot at index ${index}`);
  return id;
};

/** Ensures the draw a ballot submitted now should join exists (lazily, if the scheduler lags). */
export const ensureDrawFor = async (ctx: AppContext, lotteryId: number, date: LocalDate) => {
  const existing = await findDrawRow(ctx.db, lotteryId, date);
  if (existing) return existing;
  const lottery = await findLottery(ctx.db, lotteryId);
  if (lottery) await ensureDraws(ctx, lottery);
  return findDrawRow(ctx.db, lotteryId, date);
};
