import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeOwnPassword, endSession, logIn, startSession } from '../../app/sessions.js';
import { getParticipant } from '../../app/participants.js';
import {
  caller,
  clearSessionCookie,
  loggedIn,
  SESSION_COOKIE,
  setSessionCookie,
} from '../plugins/auth.js';
import { needsLogin } from '../plugins/docs.js';
import { participantJson } from '../present.js';
import {
  Credentials,
  CurrentSession,
  NoContent,
  Participant,
  PasswordChange,
  PasswordChanged,
  problems,
  Session,
  answer,
} from '../schemas.js';
import type { RouteDeps } from '../types.js';

/** Logging in and out, and the logged-in participant's own account. */
export const sessionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { ctx, settings },
) => {
  app.post(
    '/sessions',
    {
      schema: {
        summary: 'Log in',
        description:
          'Starts a session and sets it in an HttpOnly cookie. Unknown usernames and wrong passwords get the same answer (401). An address that keeps failing is refused for a while (429 with Retry-After, the password not checked): 10 failures per account per 15 minutes (3 while the account is under guard, after 100 failures from all addresses in the hour), 50 per hour across accounts. A correct password from an address that has not been failing is never refused.',
        tags: ['accounts'],
        body: Credentials,
        response: {
          200: answer(Session, 'Logged in; the session cookie is set.'),
          ...problems(400, 401, 403, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const participant = await logIn(
        ctx,
        { ...request.body, address: request.ip },
        settings.login,
      );
      const session = await startSession(
        ctx,
        participant,
        settings.session,
        request.cookies[SESSION_COOKIE],
      );
      setSessionCookie(reply, request, settings, session.id);
      return { participant: participantJson(participant) };
    },
  );

  app.get(
    '/sessions/current',
    {
      schema: {
        summary: 'Who is logged in',
        description:
          'The participant of the session cookie or bearer token sent, or null for an anonymous caller: 200 either way, so that a page can ask without it being an error. GET /me is the same for callers who must be logged in (401 otherwise).',
        tags: ['accounts'],
        response: { 200: answer(CurrentSession, 'The caller, or null.'), ...problems(401) },
      },
    },
    async (request) => ({
      participant: request.participant
        ? participantJson(await getParticipant(ctx, request.participant.id))
        : null,
    }),
  );

  app.delete(
    '/sessions/current',
    {
      schema: {
        summary: 'Log out',
        description: 'Ends the current session (if any) and clears its cookie.',
        tags: ['accounts'],
        response: { 204: answer(NoContent, 'Logged out.'), ...problems(403) },
      },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId !== undefined) await endSession(ctx, sessionId);
      clearSessionCookie(reply, request, settings);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'Who am I',
        tags: ['accounts'],
        security: needsLogin,
        response: { 200: answer(Participant, 'You.'), ...problems(401) },
      },
    },
    async (request) => participantJson(await getParticipant(ctx, caller(request).id)),
  );

  app.put(
    '/me/password',
    {
      onRequest: loggedIn,
      schema: {
        summary: 'Change my password',
        description:
          'Also ends all your other sessions and revokes all your API tokens (this session stays logged in), and says how many. Another instance of the service may still accept an ended session or revoked token for up to CREDENTIAL_CACHE_MS (docs/configuration.md).',
        tags: ['accounts'],
        security: needsLogin,
        body: PasswordChange,
        response: {
          200: answer(PasswordChanged, 'Changed; what ended with the old password.'),
          ...problems(400, 401, 403, 415, 429),
        },
      },
    },
    async (request) =>
      changeOwnPassword(ctx, caller(request), request.body, {
        keepSessionId:
          request.authenticatedBy === 'session' ? (request.cookies[SESSION_COOKIE] ?? null) : null,
        limits: settings.login,
        address: request.ip,
      }),
  );
};
