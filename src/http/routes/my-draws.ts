import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { myDraws, myRangesInDraw } from '../../app/my-draws.js';
import { toIso } from '../../domain/index.js';
import { caller, loggedIn } from '../plugins/auth.js';
import { needsLogin } from '../plugins/docs.js';
import {
  answer,
  MyDraws,
  MyDrawsQuery,
  MyRanges,
  MyRangesParams,
  MyRangesQuery,
  problems,
} from '../schemas.js';
import type { RouteDeps } from '../types.js';

/** My ballots draw by draw: counts and ranges, however many ballots there are. */
export const myDrawRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx }) => {
  app.get(
    '/me/draws',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'List my ballots draw by draw',
        description:
          'The draws you have ballots in, the one you played last first: how many ballots you hold in each, their numbers as ranges, and whether you won. A page at a time.',
        tags: ['ballots'],
        security: needsLogin,
        querystring: MyDrawsQuery,
        response: { 200: answer(MyDraws, 'A page of your draws.'), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { lotteryId, date, before, limit } = request.query;
      const page = await myDraws(ctx, caller(request), {
        ...(lotteryId !== undefined ? { lotteryId } : {}),
        ...(date !== undefined ? { date } : {}),
        ...(before !== undefined ? { before } : {}),
        limit: limit ?? 20,
      });
      return {
        draws: page.draws.map((d) => ({
          ...d,
          firstSubmittedAt: toIso(d.firstSubmittedAt),
          lastSubmittedAt: toIso(d.lastSubmittedAt),
        })),
        next: page.next,
      };
    },
  );

  app.get(
    '/me/draws/:drawId/ranges',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'My ballot numbers in a draw, as ranges',
        description: 'Ascending, a page at a time; none for a draw you have no ballots in.',
        tags: ['ballots'],
        security: needsLogin,
        params: MyRangesParams,
        querystring: MyRangesQuery,
        response: { 200: answer(MyRanges, 'A page of your ranges.'), ...problems(400, 401) },
      },
    },
    async (request) =>
      myRangesInDraw(ctx, caller(request), request.params.drawId, {
        from: request.query.from ?? 1,
        limit: request.query.limit ?? 500,
      }),
  );
};
