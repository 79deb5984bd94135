import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/index.js';
import type { HttpSettings } from '../options.js';
import type { Api } from '../types.js';
import { SESSION_COOKIE } from './auth.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origin named by `text` when it is a serialised origin (`scheme://host[:port]`), as
 * browsers send it; anything else (userinfo, a path, `null`, junk) names no origin at all.
 */
const SERIALISED_ORIGIN = /^https?:\/\/[^/?#@\s\\]+$/;
const originOf = (text: string): string | null => {
  if (!SERIALISED_ORIGIN.test(text)) return null;
  try {
    return new URL(text).origin;
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
 *
 * Our origin is PUBLIC_URL's. Without it, it is the one the request names (protocol and Host),
 * which the client writes: only safe where no one else can reach the service under another name,
 * hence PUBLIC_URL is required in production. A Host that names no origin is refused with 400.
 */
export const installCsrfCheck = (app: Api, settings: HttpSettings): void => {
  const originNamedBy = requestOrigins();
  // Hooks here take `done` rather than returning a promise: they run on every request, and a
  // promise per hook costs more than their work (docs/performance.md).
  app.addHook('onRequest', (request, _reply, done) => {
    // No Host at all is HTTP/1.0 (health checkers): nothing to refuse, but no origin either.
    const named = request.host ? originNamedBy(request) : undefined;
    if (named === null) throw badHost(request.host);
    if (!SAFE_METHODS.has(request.method) && request.headers.authorization === undefined) {
      checkOrigin(request, settings.publicOrigin ?? named);
    }
    done();
  });
};

/** The origin each request names, parsed once per name (a URL parse per write showed). */
const requestOrigins = () => {
  const known = new Map<string, string | null>();
  return (request: FastifyRequest): string | null => {
    const name = `${request.protocol}://${request.host}`;
    let own = known.get(name);
    if (own === undefined) {
      // Host is the client's to choose: keep only a few.
      if (known.size >= 64) known.clear();
      known.set(name, (own = originOf(name)));
    }
    return own;
  };
};

/** Refuses the write unless it proves it comes from `own` (unknown: nothing can prove it). */
const checkOrigin = (request: FastifyRequest, own: string | undefined): void => {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin !== undefined) {
    if (own === undefined) refuse('Without a Host header, no Origin can be ours.');
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

/** An HTTP error (not the domain's): problem.ts answers it as a 400 `bad-request`. */
const badHost = (host: string) =>
  Object.assign(
    new Error(`The Host header (${JSON.stringify(host)}) does not name a valid host and port.`),
    { statusCode: 400 },
  );

const hasSessionCookie = (request: FastifyRequest) => request.cookies[SESSION_COOKIE] !== undefined;

const refuse = (detail: string): never => {
  throw new DomainError('csrf', detail);
};
