import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  drawDetail,
  drawsOfDay,
  drawsOfLottery,
  latestDrawnDay,
  SettledDays,
} from '../../app/draw-views.js';
import type { LocalDate } from '../../domain/index.js';
import { drawDetailJson, drawJson } from '../present.js';
import {
  DrawDay,
  DrawDayQuery,
  DrawDetail,
  DrawParams,
  IdParams,
  LatestDate,
  LotteryDraws,
  LotteryDrawsQuery,
  problems,
  answer,
} from '../schemas.js';
import { ReadCache } from '../../app/read-cache.js';
import { sendSerialized, type SerializedBody } from '../read-cache.js';
import type { RouteDeps } from '../types.js';

/** Draws and winners: public, no login needed. */
export const drawRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { ctx, settings, responses },
) => {
  const settled = new SettledDays();
  const days = new ReadCache<SerializedBody>(settings.readCacheMs);

  app.get(
    '/draws',
    {
      schema: {
        summary: 'The draws of a day, with their winners',
        description: 'Every lottery’s draw of that date; none for a date that has not begun.',
        tags: ['draws'],
        querystring: DrawDayQuery,
        response: { 200: answer(DrawDay, 'The draws of that date.'), ...problems(400) },
      },
    },
    async (request, reply) => {
      const date = request.query.date as LocalDate;
      // The same for everyone: kept serialised.
      const body = await days.get(date, async () =>
        reply.serialize({ date, draws: (await drawsOfDay(ctx, date, settled)).map(drawJson) }),
      );
      responses.mark(reply, days.expiresAt(date, body));
      return sendSerialized(reply, body);
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
