import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.js';
import {
  cancelLottery,
  createLottery,
  editLottery,
  findLotteries,
  getLottery,
  withCurrentCounts,
  type LotteryView,
} from '../../app/lotteries.js';
import { myBallotCounts } from '../../app/my-ballots.js';
import type { Participant } from '../../domain/index.js';
import { adminOnly } from '../plugins/auth.js';
import { needsLogin } from '../plugins/docs.js';
import { lotteryJson } from '../present.js';
import {
  IdParams,
  Lottery,
  LotteryInput,
  LotteryPatch,
  LotteryQuery,
  problems,
  answer,
} from '../schemas.js';
import { ReadCache } from '../../app/read-cache.js';
import { sendSerialized, type SerializedBody } from '../read-cache.js';
import type { RouteDeps } from '../types.js';

/** Lotteries as JSON, with the caller's own ballot counts when someone is logged in. */
const withMyBallots = async (
  ctx: AppContext,
  participant: Participant | null,
  lotteries: LotteryView[],
) => {
  const mine = participant ? await myBallotCounts(ctx, participant, lotteries) : undefined;
  return lotteries.map((l) => lotteryJson(l, mine?.get(l.id)));
};

export const lotteryRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { ctx, settings, responses },
) => {
  const lists = new ReadCache<LotteryView[]>(settings.readCacheMs);
  // What anonymous callers get is the same for everyone: keep it serialised.
  const publicBodies = new ReadCache<SerializedBody>(settings.readCacheMs);
  // Whatever this process changes, it shows at once.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET') {
      lists.clear();
      publicBodies.clear();
      responses.clear();
    }
    done();
  });

  app.get(
    '/lotteries',
    {
      schema: {
        summary: 'List lotteries',
        description:
          'Each with its status and, while open, today’s draw. A logged-in caller’s counts are always current, their own ballots included; an anonymous caller’s may be up to a second old.',
        tags: ['lotteries'],
        querystring: LotteryQuery,
        response: {
          200: answer(Type.Object({ lotteries: Type.Array(Lottery) }), 'The lotteries.'),
          ...problems(400),
        },
      },
    },
    async (request, reply) => {
      const { status } = request.query;
      const lotteries = () => lists.get(status ?? '', () => findLotteries(ctx, status));
      // A logged-in caller may have just submitted ballots: their counts are read afresh.
      if (request.participant) {
        const current = await withCurrentCounts(ctx, await lotteries());
        return { lotteries: await withMyBallots(ctx, request.participant, current) };
      }
      const body = await publicBodies.get(status ?? '', async () =>
        reply.serialize({ lotteries: (await lotteries()).map((l) => lotteryJson(l)) }),
      );
      responses.mark(reply, publicBodies.expiresAt(status ?? '', body));
      return sendSerialized(reply, body);
    },
  );

  app.get(
    '/lotteries/:id',
    {
      schema: {
        summary: 'Get a lottery',
        tags: ['lotteries'],
        params: IdParams,
        response: { 200: answer(Lottery, 'The lottery.'), ...problems(400, 404) },
      },
    },
    async (request) =>
      (
        await withMyBallots(ctx, request.participant, [await getLottery(ctx, request.params.id)])
      )[0]!,
  );

  app.post(
    '/lotteries',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Create a lottery (admin)',
        description:
          'It draws one winner every day from startsOn through endsOn (or until cancelled).',
        tags: ['lotteries'],
        security: needsLogin,
        body: LotteryInput,
        response: {
          201: answer(Lottery, 'The new lottery.'),
          ...problems(400, 401, 403, 409, 415),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(lotteryJson(await createLottery(ctx, request.body))),
  );

  app.patch(
    '/lotteries/:id',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Change a lottery (admin)',
        description:
          'Name and description while it runs; first day and time zone only before it starts; the last day as long as it stays today or later.',
        tags: ['lotteries'],
        security: needsLogin,
        params: IdParams,
        body: LotteryPatch,
        response: {
          200: answer(Lottery, 'The changed lottery.'),
          ...problems(400, 401, 403, 404, 409, 415),
        },
      },
    },
    async (request) => lotteryJson(await editLottery(ctx, request.params.id, request.body)),
  );

  app.post(
    '/lotteries/:id/cancel',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Cancel a lottery (admin)',
        description:
          'No more ballots; today’s draw still closes at midnight with the ballots it has.',
        tags: ['lotteries'],
        security: needsLogin,
        params: IdParams,
        response: {
          200: answer(Lottery, 'The cancelled lottery.'),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => lotteryJson(await cancelLottery(ctx, request.params.id)),
  );
};
