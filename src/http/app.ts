import cookie from '@fastify/cookie';
import { registerAjvFormats, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import { createServer } from 'node:http';
import type { AppContext } from '../app/context.js';
import { DomainError } from '../domain/index.js';
import { httpDate } from './http-date.js';
import { lazyChildLogger, requestLogger } from './logging.js';
import { resolveSettings, type HttpOptions } from './options.js';
import { installAuth } from './plugins/auth.js';
import { installCsrfCheck } from './plugins/csrf.js';
import { installDocs } from './plugins/docs.js';
import { installNotFound, installProblems, trackRoutes } from './plugins/problems.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { installWebApp } from './plugins/web.js';
import { ResponseCache } from './response-cache.js';
import { problem } from './problem.js';
import { serverOptions, Wire } from './wire.js';
import { HeavyReads } from './heavy-reads.js';
import { ballotRoutes } from './routes/ballots.js';
import { drawRoutes } from './routes/draws.js';
import { fairnessRoutes } from './routes/fairness.js';
import { lotteryRoutes } from './routes/lotteries.js';
import { opsRoutes } from './routes/ops.js';
import { participantRoutes } from './routes/participants.js';
import { sessionRoutes } from './routes/sessions.js';
import { tokenRoutes } from './routes/tokens.js';
import { winRoutes } from './routes/wins.js';
import { myDrawRoutes } from './routes/my-draws.js';
import type { Api } from './types.js';
import { lazySerializers } from './serialization.js';
import { validatorCompiler } from './validation.js';

export type { HttpOptions } from './options.js';
export { databaseIsReachable } from './routes/ops.js';

// Formats such as `date` check real calendar days (no 2026-02-30).
registerAjvFormats();

/** The JSON pointer of the first string holding a NUL character, if any. */
const nulField = (value: unknown, path: string): string | undefined => {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}/${key}`;
    const found = nulField(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found !== undefined) return found;
  }
  return undefined;
};

/**
 * Builds the HTTP API over the use cases. The caller listens and closes; set
 * `app.readiness.draining = true` before closing so /readyz turns away new traffic.
 */
export const buildApp = async (ctx: AppContext, options: HttpOptions = {}): Promise<Api> => {
  const settings = resolveSettings(options);
  const date = httpDate(ctx.clock);
  const logger = options.logger ? requestLogger(options.logger) : undefined;
  const responses = new ResponseCache(date, logger);
  const wire = new Wire(settings.wire, logger);
  const app: Api = Fastify({
    ...(logger
      ? { loggerInstance: logger, childLoggerFactory: lazyChildLogger }
      : { logger: false }),
    // Fastify's own HTTP server, with the response cache answering before it (ADR 0009).
    serverFactory: (handler, factoryOptions) => {
      const opts = factoryOptions as FastifyServerOptions;
      const server = createServer(serverOptions(settings.wire), (req, res) => {
        if (!responses.serve(req, res)) handler(req, res);
      });
      server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
      server.setTimeout(opts.connectionTimeout ?? 0);
      if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
      return server;
    },
    trustProxy: options.trustProxy ?? false,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
    bodyLimit: settings.bodyLimit,
    // A URL that cannot even be decoded is still answered with a problem document.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply
        .code(400)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
        .type('application/problem+json')
        .send(problem('bad-request', `The request URL is not valid: ${error.message}`));
    },
    // Requests Node's HTTP parser refuses, or that miss their deadline, never reach Fastify.
    clientErrorHandler: wire.onClientError,
  })
    .setValidatorCompiler(validatorCompiler)
    .withTypeProvider<TypeBoxTypeProvider>();

  const routes = trackRoutes(app);
  wire.install(app);
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('date', date());
    done(null, payload);
  });
  // The last onSend hook (no plugin adds one): it keeps answers exactly as they go out.
  app.addHook('onSend', responses.capture);
  app.decorate('responseCache', responses);
  app.addHook('preClose', (done) => {
    responses.close();
    done();
  });
  installProblems(app, settings);
  // NUL is never meaningful text, and PostgreSQL cannot store it: refuse it on both databases.
  app.addHook('preValidation', (request, _reply, done) => {
    const field = nulField(request.body, '') ?? nulField(request.query, '');
    if (field !== undefined) {
      throw new DomainError('validation', 'Text may not contain NUL characters.', {
        fields: [{ field: field || '/', message: 'must not contain NUL (\\u0000) characters' }],
      });
    }
    done();
  });
  await app.register(cookie);
  installSecurityHeaders(app, settings);
  // Order matters: a cross-site write is refused before its credentials are even looked at.
  installCsrfCheck(app, settings);
  installAuth(app, ctx, settings);
  await installDocs(app, settings);

  app.decorate('readiness', { draining: false });
  const heavyReads = new HeavyReads(settings.heavyReads);
  app.decorate('heavyReads', heavyReads);
  const deps = { ctx, settings, responses, heavyReads };
  await app.register(opsRoutes, deps);
  for (const api of [
    participantRoutes,
    sessionRoutes,
    tokenRoutes,
    lotteryRoutes,
    ballotRoutes,
    winRoutes,
    myDrawRoutes,
    drawRoutes,
    fairnessRoutes,
  ]) {
    await app.register(api, { ...deps, prefix: '/api/v1' });
  }
  installNotFound(app, routes, await installWebApp(app, settings.webRoot));
  return app;
};
