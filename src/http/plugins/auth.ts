import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { resumeSession } from '../../app/sessions.js';
import { hashSecret } from '../../app/secrets.js';
import { resolveToken } from '../../app/tokens.js';
import { DomainError, requireAdmin, type Participant } from '../../domain/index.js';
import { CredentialCache } from '../credential-cache.js';
import type { HttpSettings } from '../options.js';
import type { Api } from '../types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, or null when nobody logged in. */
    participant: Participant | null;
    /** How they proved it. */
    authenticatedBy: 'session' | 'token' | null;
  }
}

export const SESSION_COOKIE = 'lottery_session';

/**
 * Finds the caller from a bearer token or the session cookie: one indexed query either way (then
 * remembered for `credentialCacheMs`), and only on API requests that carry one. A bearer token
 * that does not work is refused outright; a session cookie that does not is simply no session
 * (and the browser is told to drop it).
 */
export const installAuth = (app: Api, ctx: AppContext, settings: HttpSettings): void => {
  app.decorateRequest('participant', null);
  app.decorateRequest('authenticatedBy', null);
  const known = new CredentialCache(settings.credentialCacheMs);
  // Any change this process makes (logout, revocation, new password, new role...) is seen at
  // once: every successful write except a ballot submission forgets every remembered caller.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) {
      if (!request.routeOptions.url?.endsWith('/ballots')) known.clear();
    }
    done();
  });
  const remembered = async (
    key: string,
    resolve: () => Promise<Participant | undefined>,
  ): Promise<Participant | undefined> => {
    const hit = known.get(key);
    if (hit) return hit;
    const participant = await resolve();
    if (participant) known.set(key, participant);
    return participant;
  };
  // Anonymous requests (most reads) pass without a promise; only a credential is looked up.
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    const authorization = request.headers.authorization;
    const sessionId = authorization === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    if (authorization === undefined && sessionId === undefined) return done();
    authenticate(request, reply, authorization, sessionId).then(() => done(), done);
  });
  const authenticate = async (
    request: FastifyRequest,
    reply: FastifyReply,
    authorization: string | undefined,
    sessionId: string | undefined,
  ): Promise<void> => {
    if (authorization !== undefined) {
      const token = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
      const participant =
        token === undefined
          ? undefined
          : await remembered(`token:${hashSecret(token)}`, () => resolveToken(ctx, token));
      if (!participant) {
        throw new DomainError(
          'unauthenticated',
          'The Authorization header must be "Bearer <token>" with a token that has not been revoked.',
        );
      }
      request.participant = participant;
      request.authenticatedBy = 'token';
      return;
    }
    if (sessionId === undefined) return;
    const participant = await remembered(`session:${hashSecret(sessionId)}`, () =>
      resumeSession(ctx, sessionId, settings.session),
    );
    if (participant) {
      request.participant = participant;
      request.authenticatedBy = 'session';
    } else {
      clearSessionCookie(reply, request, settings);
    }
  };
};

const cookieOptions = (request: FastifyRequest, settings: HttpSettings) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: settings.alwaysSecure || request.protocol === 'https',
});

export const setSessionCookie = (
  reply: FastifyReply,
  request: FastifyRequest,
  settings: HttpSettings,
  sessionId: string,
): void => {
  // The browser keeps the cookie for the absolute lifetime; the server enforces the idle one.
  reply.setCookie(SESSION_COOKIE, sessionId, {
    ...cookieOptions(request, settings),
    maxAge: Math.floor(settings.session.absoluteMs / 1000),
  });
};

export const clearSessionCookie = (
  reply: FastifyReply,
  request: FastifyRequest,
  settings: HttpSettings,
): void => {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, settings));
};

/** Route guard: the caller must be logged in. */
export const loggedIn = async (request: { participant: Participant | null }): Promise<void> => {
  if (!request.participant) throw new DomainError('unauthenticated');
};

/** Route guard: the caller must be an admin (401 when not logged in, 403 when not an admin). */
export const adminOnly = async (request: { participant: Participant | null }): Promise<void> => {
  requireAdmin(request.participant ?? undefined);
};

/** The logged-in caller, in a handler behind a guard. */
export const caller = (request: { participant: Participant | null }): Participant => {
  if (!request.participant) throw new DomainError('unauthenticated');
  return request.participant;
};
