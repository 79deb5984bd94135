import helmet from 'helmet';
import type { HttpSettings } from '../options.js';
import type { Api } from '../types.js';

/**
 * Security headers. Pages (the single-page app, the API docs): scripts, data and frames only
 * from this origin; styles may be inline (UI libraries inject them; they cannot run code).
 * The JSON API under /api/v1: the short set below.
 *
 * Helmet decides the headers; its middleware is built once here and applied to every reply
 * (@fastify/helmet rebuilt it, CSP parsing included, on every request: 10% of a cached read).
 */
export const installSecurityHeaders = (app: Api, settings: HttpSettings): void => {
  const apply = helmet({
    // Sent below, and only over https: browsers must ignore it over plain http (RFC 6797, 8.1).
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Only behind https: on plain http it would break every asset.
        upgradeInsecureRequests: settings.alwaysSecure ? [] : null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    const secure = settings.alwaysSecure || request.protocol === 'https';
    if (request.url.startsWith('/api/v1/')) {
      reply.headers(secure ? secureApi : apiHeaders);
      done();
      return;
    }
    reply.headers(secure ? securePage : pageHeaders);
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
};

/**
 * JSON answers are never rendered as pages: a page's policy means nothing to them. They get the
 * OWASP REST set instead: nothing may load or frame them, nor sniff them into something else.
 * (A third of the bytes of helmet's set, on the answers sent most often.)
 */
const apiHeaders = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * HSTS only where it means something: browsers must ignore it on an answer sent over plain http
 * (RFC 6797, section 8.1), and the most-sent answers carry every byte to every client.
 */
const secureApi = {
  ...apiHeaders,
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

/**
 * Pages use none of the browser's powerful features (camera, location, payment…): turn them off,
 * so nothing framed or injected could ask for them either.
 */
const pageHeaders = {
  'permissions-policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
};

const securePage = {
  ...pageHeaders,
  'strict-transport-security': secureApi['strict-transport-security'],
};

/** The docs page's own policy (from @fastify/swagger-ui), fitted to plain http the same way. */
export const docsPolicy =
  (settings: HttpSettings) =>
  (header: string): string =>
    settings.alwaysSecure ? header : header.replace(/\s*upgrade-insecure-requests;?/, '');
