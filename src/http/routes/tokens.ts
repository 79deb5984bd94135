import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createToken, listTokens, revokeToken } from '../../app/tokens.js';
import { DomainError } from '../../domain/index.js';
import { caller, loggedIn } from '../plugins/auth.js';
import { needsLogin } from '../plugins/docs.js';
import { tokenJson } from '../present.js';
import { answer, IdParams, NewToken, NoContent, problems, Token, TokenInput } from '../schemas.js';
import type { RouteDeps } from '../types.js';

/** Personal API tokens, for scripts: `Authorization: Bearer <token>`. */
export const tokenRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx }) => {
  app.post(
    '/tokens',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'Create an API token',
        description:
          'Returns the secret once. Only a logged-in session may create tokens (a token cannot mint more).',
        tags: ['accounts'],
        security: [{ session: [] }],
        body: TokenInput,
        response: {
          201: answer(NewToken, 'The token, with its secret.'),
          ...problems(400, 401, 403, 415),
        },
      },
    },
    async (request, reply) => {
      if (request.authenticatedBy !== 'session') {
        throw new DomainError(
          'forbidden',
          'Create API tokens from a logged-in session, not with a token.',
        );
      }
      const created = await createToken(ctx, caller(request), request.body.name);
      return reply.code(201).send({ ...tokenJson(created), token: created.token });
    },
  );

  app.get(
    '/tokens',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'List my API tokens',
        description: 'The tokens that still work, without their secrets.',
        tags: ['accounts'],
        security: needsLogin,
        response: {
          200: answer(Type.Object({ tokens: Type.Array(Token) }), 'Your tokens.'),
          ...problems(401),
        },
      },
    },
    async (request) => ({ tokens: (await listTokens(ctx, caller(request))).map(tokenJson) }),
  );

  app.delete(
    '/tokens/:id',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'Revoke one of my API tokens',
        tags: ['accounts'],
        security: needsLogin,
        params: IdParams,
        response: { 204: answer(NoContent, 'Revoked.'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeToken(ctx, caller(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
