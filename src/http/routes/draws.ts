import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  drawDetail,
  drawsOfDay,
  drawsOfLottery,
  latestDrawnDay,
  SettledDays,
} from '../../app/draw-views.js';
import type { LocalDate } from '../../domain/index.js';
import { entityTag, isNotModified } from '../conditional.js';
import { drawDetailJson, drawJson } from '../present.js';
import {
  ConditionalHeaders,
  DrawDay,
  DrawDayQuery,
  DrawDetail,
  DrawParams,
  IdParams,
  LatestDate,
  LotteryDraws,
  LotteryDrawsQuery,
  notModified,
  problems,
  answer,
} from '../schemas.js';
import { ReadCache } from '../../app/read-cache.js';
import { sendSerialized, type SerializedBody } from '../read-cache.js';
import type { RouteDeps } from '../types.js';

/** A day's draws as answered to everyone: serialised once, with its tag. */
interface DayAnswer {
  body: SerializedBody;
  etag: string;
  /** Every draw of the day is drawn and the day is over everywhere: it never changes again. */
  settled: boolean;
}

/**
 * Caches may keep a settled day for a day (a new version of the service may word it anew). Any
 * other day goes without: with an ETag and no freshness, a cache revalidates it before each use.
 */
const SETTLED_DAY = 'public, max-age=86400';

/** Draws and winners: public, no login needed. */
export const drawRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { ctx, settings, responses },
) => {
  const settled = new SettledDays();
  const days = new ReadCache<DayAnswer>(settings.readCacheMs);

  app.get(
    '/draws',
    {
      schema: {
        summary: 'The draws of a day, with their winners',
        description:
          'Every lottery’s draw of that date; none for a date that has not begun. A logged-in caller’s counts are always current, their own ballots included; an anonymous caller’s may be up to a second old. The answer has an ETag: send it back in If-None-Match to get 304 while nothing changed. A settled day (every draw drawn, the day over everywhere) may be cached for a day.',
        tags: ['draws'],
        querystring: DrawDayQuery,
        headers: ConditionalHeaders,
        response: {
          200: answer(DrawDay, 'The draws of that date.'),
          ...notModified,
          ...problems(400),
        },
      },
    },
    async (request, reply) => {
      const date = request.query.date as LocalDate;
      const load = async (): Promise<DayAnswer> => {
        const draws = await drawsOfDay(ctx, date, settled);
        const body = reply.serialize({ date, draws: draws.map(drawJson) });
        return { body, etag: entityTag(body), settled: settled.get(date) !== undefined };
      };
      // The same for everyone, so kept serialised with its tag; but a logged-in caller may have
      // just submitted ballots, and reads the counts afresh.
      const day = request.participant ? await load() : await days.get(date, load);
      reply.header('etag', day.etag);
      if (day.settled) reply.header('cache-control', SETTLED_DAY);
      if (isNotModified(request.headers['if-none-match'], day.etag)) return reply.code(304).send();
      responses.mark(reply, days.expiresAt(date, day));
      return sendSerialized(reply, day.body);
    },
  );

  app.get(
    '/draws/latest-date',
    {
      schema: {
        summary: 'The latest date with a drawn draw',
        description: 'Null before the first draw.',
        tags: ['draws'],
        response: { 200: answer(LatestDate, 'The latest drawn date.') },
      },
    },
    async () => ({ date: await latestDrawnDay(ctx) }),
  );

  app.get(
    '/lotteries/:id/draws',
    {
      schema: {
        summary: 'A lottery’s draws',
        description: 'Newest first (including tomorrow’s, whose commitment is already public).',
        tags: ['draws'],
        params: IdParams,
        querystring: LotteryDrawsQuery,
        response: { 200: answer(LotteryDraws, 'A page of draws.'), ...problems(400, 404) },
      },
    },
    async (request) => {
      const page = await drawsOfLottery(ctx, request.params.id, {
        before: request.query.before as LocalDate | undefined,
        limit: request.query.limit ?? 30,
      });
      return { draws: page.draws.map(drawJson), next: page.next };
    },
  );

  app.get(
    '/lotteries/:id/draws/:date',
    {
      schema: {
        summary: 'One draw, with its fairness record',
        description: 'The seed is revealed only once the draw is drawn.',
        tags: ['draws'],
        params: DrawParams,
        response: { 200: answer(DrawDetail, 'The draw.'), ...problems(400, 404) },
      },
    },
    async (request) =>
      drawDetailJson(await drawDetail(ctx, request.params.id, request.params.date as LocalDate)),
  );
};
