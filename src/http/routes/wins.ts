import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { dismissWins, undismissedWins } from '../../app/wins.js';
import { toIso } from '../../domain/index.js';
import { caller, loggedIn } from '../plugins/auth.js';
import { needsLogin } from '../plugins/docs.js';
import { answer, NoContent, problems, Wins, WinsDismissal } from '../schemas.js';
import type { RouteDeps } from '../types.js';

/** Winners are told: the wins a participant has not dismissed yet. */
export const winRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx }) => {
  app.get(
    '/me/wins',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'My wins not dismissed yet',
        description:
          'The draws you won since you last dismissed this notice (since you joined, if never), newest first.',
        tags: ['ballots'],
        security: needsLogin,
        response: { 200: answer(Wins, 'Your wins to tell you about.'), ...problems(401) },
      },
    },
    async (request) => ({
      wins: (await undismissedWins(ctx, caller(request))).map((w) => ({
        ...w,
        drawnAt: toIso(w.drawnAt),
      })),
    }),
  );

  app.post(
    '/me/wins/dismiss',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'Dismiss the notice of my wins',
        description: 'Up to the win you were shown last; later wins still show.',
        tags: ['ballots'],
        security: needsLogin,
        body: WinsDismissal,
        response: {
          204: answer(NoContent, 'Dismissed.'),
          ...problems(400, 401, 403, 415),
        },
      },
    },
    async (request, reply) => {
      await dismissWins(ctx, caller(request), Date.parse(request.body.through));
      return reply.code(204).send(null);
    },
  );
};
