import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/index.js';
import type { HttpSettings } from '../options.js';
import type { Api } from '../types.js';
import { SESSION_COOKIE } from './auth.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Refuses cross-site writes. A browser attaches the session cookie to requests that other sites
 * trigger, so a write carrying the cookie must prove it comes from this site: an `Origin` equal to
 * ours, or `Sec-Fetch-Site: same-origin`. A write without the cookie (registration, login) is
 * refused only when the browser says it comes from elsewhere, which stops login CSRF. Bearer
 * tokens are never sent by browsers on their own, so those requests need no proof.
 */
export const installCsrfCheck = (app: Api, settings: HttpSettings): void => {
  // Hooks here take `done` rather than returning a promise: they run on every request, and a
  // promise per hook costs more than their work (docs/performance.md).
  app.addHook('onRequest', (request, _reply, done) => {
    if (!SAFE_METHODS.has(request.method) && request.headers.authorization === undefined) {
      checkOrigin(request, settings);
    }
    done();
  });
};

/** Our origin as this request names it, parsed once per name (a URL parse per write showed). */
const ownOrigins = new Map<string, string | null>();
const ownOrigin = (request: FastifyRequest): string | null => {
  const name = `${request.protocol}://${request.host}`;
  let own = ownOrigins.get(name);
  if (own === undefined) {
    // Host is the client's to choose: keep only a few.
    if (ownOrigins.size >= 64) ownOrigins.clear();
    ownOrigins.set(name, (own = originOf(name)));
  }
  return own;
};

const checkOrigin = (request: FastifyRequest, settings: HttpSettings): void => {
  const own = settings.publicOrigin ?? ownOrigin(request);
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin !== undefined) {
    // Browsers send the origin already serialised, so equal text needs no parse.
    if (origin !== own && originOf(origin) !== own) {
      refuse(`Requests from ${origin} are not accepted.`);
    }
  } else if (site !== undefined) {
    if (site !== 'same-origin') refuse('Requests from other sites are not accepted.');
  } else if (hasSessionCookie(request)) {
    refuse('A logged-in browser request must carry an Origin header naming this site.');
  }
};

const hasSessionCookie = (request: FastifyRequest) => request.cookies[SESSION_COOKIE] !== undefined;

const refuse = (detail: string): never => {
  throw new DomainError('csrf', detail);
};
