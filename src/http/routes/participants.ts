import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerParticipant } from '../../app/participants.js';
import { clientKey } from '../../app/login-limits.js';
import { countAttempt } from '../../app/rate-limits.js';
import { participantJson } from '../present.js';
import { answer, Participant, problems, Registration } from '../schemas.js';
import type { RouteDeps } from '../types.js';

export const participantRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { ctx, settings },
) => {
  app.post(
    '/participants',
    {
      schema: {
        summary: 'Register',
        description: 'Creates an account. Log in afterwards with POST /sessions.',
        tags: ['accounts'],
        body: Registration,
        response: {
          201: answer(Participant, 'The new account.'),
          ...problems(400, 403, 409, 415, 429),
        },
      },
    },
    async (request, reply) => {
      await countAttempt(
        ctx,
        `registrations:address:${clientKey(request.ip)}`,
        settings.registrations,
        'Too many registrations from your address; wait and try again.',
      );
      const participant = await registerParticipant(ctx, request.body);
      return reply.code(201).send(participantJson(participant));
    },
  );
};
