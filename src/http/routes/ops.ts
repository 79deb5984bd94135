import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/schema.js';
import { problem, sendProblem } from '../problem.js';
import { answer, problems } from '../schemas.js';
import type { RouteDeps } from '../types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set `draining` before closing, so /readyz tells the load balancer to stop sending traffic. */
    readiness: { draining: boolean };
    /** Public reads answered before the app (ADR 0009); metrics count them. */
    responseCache: import('../response-cache.js').ResponseCache;
    /** Slots for the reads that hash a whole draw; tests fill them. */
    heavyReads: import('../heavy-reads.js').HeavyReads;
  }
}

/** Whether the database answers a trivial query within `timeoutMs`. */
export const databaseIsReachable = async (
  db: Kysely<Database>,
  timeoutMs = 2000,
): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const query = sql`select 1`.execute(db).then(
      () => true,
      () => false,
    );
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export const opsRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx }) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process is up',
        tags: ['operations'],
        response: { 200: answer(Type.Object({ status: Type.Literal('ok') }), 'Alive.') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the database answers and the service is not shutting down',
        tags: ['operations'],
        response: {
          200: answer(Type.Object({ status: Type.Literal('ready') }), 'Ready for traffic.'),
          ...problems(503),
        },
      },
    },
    async (_request, reply) => {
      const detail = app.readiness.draining
        ? 'The service is shutting down.'
        : (await databaseIsReachable(ctx.db))
          ? null
          : 'The database does not answer.';
      if (detail === null) return { status: 'ready' as const };
      return sendProblem(reply, {
        problem: problem('unavailable', detail),
        headers: { 'retry-after': '5' },
      });
    },
  );

  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3.1 document',
        tags: ['operations'],
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'The document.' }),
        },
      },
    },
    async () => app.swagger(),
  );
};
