import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ballotProof,
  receiptKey,
  sealedBallotPage,
  sealedBallotPages,
  sealedDraw,
  type SealedDraw,
} from '../../app/sealed-ballots.js';
import type { AppContext } from '../../app/context.js';
import type { LocalDate } from '../../domain/index.js';
import {
  BallotProof,
  DrawParams,
  FairnessKey,
  IdParams,
  SealedBallot,
  SealedBallots,
  SealedBallotsQuery,
  answer,
  problems,
} from '../schemas.js';
import type { RouteDeps } from '../types.js';

/** The sealed list as newline-delimited JSON, one chunk per database page. */
const ndjson = (ctx: AppContext, draw: SealedDraw): Readable =>
  Readable.from(
    (async function* () {
      for await (const page of sealedBallotPages(ctx, draw)) {
        yield page.map((ballot) => `${JSON.stringify(ballot)}\n`).join('');
      }
    })(),
    { objectMode: false },
  );

/**
 * What anyone needs to check a draw and their own ballot (docs/fairness.md): public, no login,
 * no personal data.
 */
export const fairnessRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { ctx, heavyReads },
) => {
  const sealedError =
    'Answers 409 until the draw’s ballots are sealed at its close (with Retry-After while they are being sealed).';
  const heavyLimit =
    'A whole list reads and hashes every ballot of the draw, and a proof a page of up to 65,536 of them, so each client address may have 2 such requests running at once and the instance 4 (HEAVY_READS_PER_CLIENT, HEAVY_READS_TOTAL): more are refused with 429, or 503 when the instance is full, both with Retry-After.';

  app.get(
    '/lotteries/:id/draws/:date/ballots',
    {
      schema: {
        summary: 'The sealed ballots of a draw',
        description: `Every ballot sealed into the draw, in canonical order (ascending id), with its Merkle leaf hash; a page at a time. Available from the close on. The whole list in one response: the .ndjson address. ${sealedError}`,
        tags: ['fairness'],
        params: DrawParams,
        querystring: SealedBallotsQuery,
        response: {
          200: answer(SealedBallots, 'A page of the sealed ballots.'),
          ...problems(400, 404, 409),
        },
      },
    },
    async (request) => {
      const draw = await sealedDraw(ctx, request.params.id, request.params.date as LocalDate);
      return sealedBallotPage(ctx, draw, {
        after: request.query.after,
        limit: request.query.limit ?? 1000,
      });
    },
  );

  app.get(
    '/lotteries/:id/draws/:date/ballots.ndjson',
    {
      // A HEAD would read the whole list only to throw it away.
      exposeHeadRoute: false,
      schema: {
        summary: 'The sealed ballots of a draw, all in one stream',
        description: `Newline-delimited JSON: one {"ballotId", "leafHash"} object per line, every sealed ballot in canonical order; what \`lottery verify\` reads. Streamed from the database as it is sent. ${sealedError} ${heavyLimit}`,
        tags: ['fairness'],
        params: DrawParams,
        response: {
          200: {
            description: 'The sealed ballots, one JSON object per line.',
            content: { 'application/x-ndjson': { schema: SealedBallot } },
          },
          ...problems(400, 404, 409, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const release = heavyReads.take(request.ip);
      let draw;
      try {
        draw = await sealedDraw(ctx, request.params.id, request.params.date as LocalDate);
      } catch (error) {
        release();
        throw error;
      }
      // Held until the stream ends or the client goes away.
      reply.raw.once('close', release);
      return reply
        .type('application/x-ndjson')
        .header(
          'content-disposition',
          `attachment; filename="lottery-${draw.lotteryId}-${draw.date}-ballots.ndjson"`,
        )
        .send(ndjson(ctx, draw) as never); // a stream of the schema's objects, not one object
    },
  );

  app.get(
    '/ballots/:id/proof',
    {
      schema: {
        summary: 'The inclusion proof of a ballot',
        description: `Proves that the ballot was sealed into its draw: check it with the receipt (signed at submission) and the draw record, e.g. with \`lottery verify --ballot\`. ${sealedError} ${heavyLimit}`,
        tags: ['fairness'],
        params: IdParams,
        response: { 200: answer(BallotProof, 'The proof.'), ...problems(400, 404, 409, 429, 503) },
      },
    },
    async (request) => {
      const release = heavyReads.take(request.ip);
      try {
        return await ballotProof(ctx, request.params.id);
      } finally {
        release();
      }
    },
  );

  app.get(
    '/fairness/key',
    {
      schema: {
        summary: 'The key that signs ballot receipts',
        description: 'Ed25519 (RFC 8032); receipts are signed as docs/fairness.md, section 5 says.',
        tags: ['fairness'],
        response: { 200: answer(FairnessKey, 'The public key.') },
      },
    },
    async () => receiptKey(ctx),
  );
};
