import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import {
  submitBallots,
  submitBallotsOnce,
  type SubmittedBallots as Submitted,
} from '../../app/ballots.js';
import { recallKey, rememberResponse, requestHash } from '../../app/idempotency.js';
import { myBallots } from '../../app/my-ballots.js';
import { issueReceipt, signingKey } from '../../app/receipts.js';
import type { LocalDate } from '../../domain/index.js';
import { caller, loggedIn } from '../plugins/auth.js';
import { needsLogin } from '../plugins/docs.js';
import { ownBallotJson, storedSubmittedJson, submittedJson } from '../present.js';
import {
  BallotInput,
  IdempotencyHeaders,
  IdParams,
  MyBallots,
  MyBallotsQuery,
  problems,
  SubmittedBallots,
  answer,
} from '../schemas.js';
import type { RouteDeps } from '../types.js';

type Answer = Static<typeof SubmittedBallots>;
/** An answer as stored under a key: by this version, or by one before the compact answer. */
type StoredAnswer = Parameters<typeof storedSubmittedJson>[0];

/** What a ballot submission is, for its Idempotency-Key. */
export const submission = (lotteryId: number, quantity: number) => [
  'submit-ballots',
  lotteryId,
  quantity,
];

export const ballotRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx }) => {
  app.post(
    '/lotteries/:id/ballots',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'Submit ballots',
        description:
          'Adds ballots to the lottery’s draw of today. They come with a receipt listing them, signed by the lottery (Ed25519; the public key is at GET /api/v1/fairness/key). Send an Idempotency-Key to make retries safe: a retry returns the first response, receipts included, instead of submitting again.',
        tags: ['ballots'],
        security: needsLogin,
        params: IdParams,
        headers: IdempotencyHeaders,
        body: BallotInput,
        response: {
          201: answer(
            SubmittedBallots,
            'The accepted ballots: their draw, their numbers, and the signed receipt that lists them (keep it to prove the ballots were accepted).',
          ),
          ...problems(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const participant = caller(request);
      const lotteryId = request.params.id;
      const quantity = request.body.quantity ?? 1;
      const answer = async (submitted: Submitted) =>
        submittedJson(submitted, await issueReceipt(ctx, submitted));
      // The signing key is loaded before the ballots are stored, so nothing that needs the
      // database can fail between storing them and answering with their receipts.
      await signingKey(ctx);
      const key = request.headers['idempotency-key'];
      if (key === undefined) {
        return reply
          .code(201)
          .send(await answer(await submitBallots(ctx, participant, lotteryId, quantity)));
      }

      // With a key (ADR 0012): the first request that commits stores its outcome with its
      // ballots; every other one gets that request's answer, rebuilt from the outcome if the
      // answer itself was never stored.
      const scope = {
        participantId: participant.id,
        key,
        requestHash: requestHash(submission(lotteryId, quantity)),
      };
      const remember = async (body: Answer) =>
        storedSubmittedJson(
          (await rememberResponse<StoredAnswer>(ctx, scope, { status: 201, body })).body,
        );
      let earlier = await recallKey<StoredAnswer>(ctx, scope);
      if (!earlier) {
        const submitted = await submitBallotsOnce(ctx, participant, lotteryId, quantity, {
          key,
          requestHash: scope.requestHash,
        });
        if (submitted !== 'duplicate') {
          return reply.code(201).send(await remember(await answer(submitted)));
        }
        // Another request with the key committed first: answer as it did.
        earlier = await recallKey<StoredAnswer>(ctx, scope);
        if (!earlier) throw new Error(`Idempotency-Key ${key} was taken, yet holds nothing`);
      }
      // Only accepted submissions are stored (a refusal stores nothing): always a 201. An answer
      // stored by a version before the compact one is rewritten in today's shape.
      const body =
        'response' in earlier
          ? storedSubmittedJson(earlier.response.body)
          : await remember(await answer(JSON.parse(earlier.outcome) as Submitted));
      return reply.code(201).header('idempotent-replayed', 'true').send(body);
    },
  );

  app.get(
    '/me/ballots',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'List my ballots',
        description: 'Newest first, with whether each won; a page at a time.',
        tags: ['ballots'],
        security: needsLogin,
        querystring: MyBallotsQuery,
        response: { 200: answer(MyBallots, 'A page of your ballots.'), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { lotteryId, date, before, limit } = request.query;
      const page = await myBallots(ctx, caller(request), {
        lotteryId,
        date: date as LocalDate | undefined,
        before,
        limit: limit ?? 50,
      });
      return { ballots: page.ballots.map(ownBallotJson), next: page.next };
    },
  );
};
