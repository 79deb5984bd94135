import { ballotCountsByDraw, deleteDrawsAfter, findDrawRow } from '../db/repositories/draws.js';
import {
  findLottery,
  insertLottery,
  listLotteries,
  updateLottery,
} from '../db/repositories/lotteries.js';
import {
  cancelLottery as cancelRule,
  createLottery as createRule,
  DomainError,
  editLottery as editRule,
  lotteryStatus,
  todayOf,
  type Lottery,
  type LotteryInput,
  type LotteryPatch,
  type LotteryStatus,
} from '../domain/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AppContext } from './context.js';
import { ensureDraws } from './draws.js';
import { ReadCache } from './read-cache.js';

export interface TodayDraw {
  drawId: number;
  date: string;
  opensAt: number;
  closesAt: number;
  ballotCount: number;
}

export interface LotteryView extends Lottery {
  status: LotteryStatus;
  today: TodayDraw | null;
}

export const requireLottery = async (ctx: AppContext, id: number): Promise<Lottery> => {
  const lottery = await findLottery(ctx.db, id);
  if (!lottery) throw new DomainError('lottery-not-found', `There is no lottery with id ${id}.`);
  return lottery;
};

/**
 * The lottery every ballot names, remembered for a second: under a midnight rush one read serves
 * every ballot of that moment. Edits through this process apply at once; another instance's
 * apply within the second, and the intake re-checks inside its transaction whatever decides a
 * ballot's fate (the draw open, the lottery not cancelled).
 */
const recent = new WeakMap<Kysely<Database>, ReadCache<Lottery | undefined>>();

export const recentLottery = async (ctx: AppContext, id: number): Promise<Lottery | undefined> => {
  let cache = recent.get(ctx.db);
  if (!cache) recent.set(ctx.db, (cache = new ReadCache(1000)));
  // A lottery just created by another instance is never "not found" here.
  return (await cache.get(String(id), () => findLottery(ctx.db, id))) ?? findLottery(ctx.db, id);
};

const forgetRecentLotteries = (ctx: AppContext) => recent.get(ctx.db)?.clear();

export const createLottery = async (ctx: AppContext, input: LotteryInput): Promise<LotteryView> => {
  const lottery = await insertLottery(ctx.db, createRule(input, ctx.clock.now()));
  forgetRecentLotteries(ctx);
  await ensureDraws(ctx, lottery);
  ctx.log.info({ lotteryId: lottery.id, name: lottery.name }, 'lottery created');
  return (await viewLotteries(ctx, [lottery]))[0]!;
};

export const editLottery = async (
  ctx: AppContext,
  id: number,
  patch: LotteryPatch,
): Promise<LotteryView> => {
  const now = ctx.clock.now();
  const edited = editRule(await requireLottery(ctx, id), patch, now);
  const saved = await updateLottery(ctx.db, edited);
  forgetRecentLotteries(ctx);
  // Draws not opened yet were planned from the old days or time zone: plan them again.
  await deleteDrawsAfter(ctx.db, saved.id, todayOf(saved, now));
  await ensureDraws(ctx, saved);
  return (await viewLotteries(ctx, [saved]))[0]!;
};

export const cancelLottery = async (ctx: AppContext, id: number): Promise<LotteryView> => {
  const now = ctx.clock.now();
  const cancelled = await updateLottery(ctx.db, cancelRule(await requireLottery(ctx, id), now));
  forgetRecentLotteries(ctx);
  // Today's draw still closes at midnight with the ballots it has; later ones never open.
  await deleteDrawsAfter(ctx.db, cancelled.id, todayOf(cancelled, now));
  ctx.log.info({ lotteryId: id }, 'lottery cancelled');
  return (await viewLotteries(ctx, [cancelled]))[0]!;
};

export const getLottery = async (ctx: AppContext, id: number): Promise<LotteryView> =>
  (await viewLotteries(ctx, [await requireLottery(ctx, id)]))[0]!;

export const findLotteries = async (
  ctx: AppContext,
  status?: LotteryStatus,
): Promise<LotteryView[]> => {
  const now = ctx.clock.now();
  const lotteries = (await listLotteries(ctx.db)).filter(
    (l) => status === undefined || lotteryStatus(l, now) === status,
  );
  return viewLotteries(ctx, lotteries);
};

/**
 * The same lotteries with today's ballot counts read again: a list remembered for a moment
 * (ReadCache) keeps everything else, but a participant's own ballots count at once (issue 24).
 */
export const withCurrentCounts = async (
  ctx: AppContext,
  lotteries: LotteryView[],
): Promise<LotteryView[]> => {
  const counts = await ballotCountsByDraw(
    ctx.db,
    lotteries.flatMap((l) => (l.today ? [l.today.drawId] : [])),
  );
  return lotteries.map((l) =>
    l.today ? { ...l, today: { ...l.today, ballotCount: counts.get(l.today.drawId) ?? 0 } } : l,
  );
};

/** Adds each lottery's status and, while it is open, today's draw with its ballot count. */
const viewLotteries = async (ctx: AppContext, lotteries: Lottery[]): Promise<LotteryView[]> => {
  const now = ctx.clock.now();
  const todays = await Promise.all(
    lotteries.map(async (lottery) =>
      lotteryStatus(lottery, now) === 'open'
        ? findDrawRow(ctx.db, lottery.id, todayOf(lottery, now))
        : undefined,
    ),
  );
  const counts = await ballotCountsByDraw(
    ctx.db,
    todays.flatMap((d) => (d ? [d.id] : [])),
  );
  return lotteries.map((lottery, i) => {
    const draw = todays[i];
    return {
      ...lottery,
      status: lotteryStatus(lottery, now),
      today: draw
        ? {
            drawId: draw.id,
            date: draw.draw_date,
            opensAt: draw.opens_at,
            closesAt: draw.closes_at,
            ballotCount: counts.get(draw.id) ?? 0,
          }
        : null,
    };
  });
};
