import cookie from '@fastify/cookie';
import { registerAjvFormats, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { AppContext } from '../app/context.js';
import { requestLogger } from './logging.js';
import { resolveSettings, type HttpOptions } from './options.js';
import { installAuth } from './plugins/auth.js';
import { installCsrfCheck } from './plugins/csrf.js';
import { installDocs } from './plugins/docs.js';
import { installNotFound, installProblems, trackRoutes } from './plugins/problems.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { installWebApp } from './plugins/web.js';
import { ballotRoutes } from './routes/ballots.js';
import { drawRoutes } from './routes/draws.js';
import { fairnessRoutes } from './routes/fairness.js';
import { lotteryRoutes } from './routes/lotteries.js';
import { opsRoutes } from './routes/ops.js';
import { participantRoutes } from './routes/participants.js';
import { sessionRoutes } from './routes/sessions.js';
import { tokenRoutes } from './routes/tokens.js';
import type { Api } from './types.js';
import { validatorCompiler } from './validation.js';

export type { HttpOptions } from './options.js';
export { databaseIsReachable } from './routes/ops.js';

// Formats such as `date` check real calendar days (no 2026-02-30).
registerAjvFormats();

/**
 * Builds the HTTP API over the use cases. The caller listens and closes; set
 * `app.readiness.draining = true` before closing so /readyz turns away new traffic.
 */
export const buildApp = async (ctx: AppContext, options: HttpOptions = {}): Promise<Api> => {
  const settings = resolveSettings(options);
  const app: Api = Fastify({
    ...(options.logger ? { loggerInstance: requestLogger(options.logger) } : { logger: false }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: settings.bodyLimit,
  })
    .setValidatorCompiler(validatorCompiler)
    .withTypeProvider<TypeBoxTypeProvider>();

  const routes = trackRoutes(app);
  // Clients (the web app's countdown) read the server's time from Date: it must be the service's
  // clock, which tests may pin, not the socket layer's own reading.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(ctx.clock.now()).toUTCString());
  });
  installProblems(app, settings);
  await app.register(cookie);
  await installSecurityHeaders(app, settings);
  // Order matters: a cross-site write is refused before its credentials are even looked at.
  installCsrfCheck(app, settings);
  installAuth(app, ctx, settings);
  await installDocs(app, settings);

  app.decorate('readiness', { draining: false });
  const deps = { ctx, settings };
  await app.register(opsRoutes, deps);
  for (const api of [
    participantRoutes,
    sessionRoutes,
    tokenRoutes,
    lotteryRoutes,
    ballotRoutes,
    drawRoutes,
    fairnessRoutes,
  ]) {
    await app.register(api, { ...deps, prefix: '/api/v1' });
  }
  installNotFound(app, routes, await installWebApp(app, settings.webRoot));
  return app;
};
