import type { FastifyInstance } from 'fastify';
import { DrawScheduler } from './app/scheduler.js';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import type { Api } from './http/types.js';
import { installMetrics } from './http/plugins/metrics.js';
import { Metrics } from './infra/metrics.js';
import { openRuntime, type Runtime } from './runtime.js';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  /** Stops taking requests, finishes those in flight, stops the scheduler and closes the database. */
  close(): Promise<void>;
}

/** Starts the service: database, HTTP server and the midnight scheduler. */
export const startServer = async (
  config: Config,
  options: { webRoot?: string } = {},
): Promise<RunningServer> => {
  const runtime = await openRuntime(config);
  const app = await serveHttp(config, runtime, options);
  const { ctx, handle, log } = runtime;
  const scheduler = new DrawScheduler(ctx);
  // Catch-up runs in the scheduler's first pass, so a big overdue draw never delays readiness.
  if (config.scheduler) scheduler.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, database: handle.location }, `lottery service listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    app,
    runtime,
    url,
    close: () =>
      (closing ??= (async () => {
        // Readiness fails first so a load balancer stops sending traffic; in-flight requests finish.
        app.readiness.draining = true;
        await scheduler.stop();
        // A connection that carried an in-flight request stays open, idle, for the keep-alive
        // timeout after its answer, and close() waits for it: close each one as it goes idle.
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
        }
        await runtime.close();
      })()),
  };
};

/** Builds the app and listens; on failure closes everything, runtime included, and throws. */
const serveHttp = async (
  config: Config,
  runtime: Runtime,
  options: { webRoot?: string },
): Promise<Api> => {
  let app: Api | undefined;
  try {
    app = await buildService(config, runtime, options);
    await listen(app, config);
    return app;
  } catch (error) {
    // A service that cannot start must exit: nothing it opened may keep the process alive.
    await app?.close().catch(() => {});
    await runtime.close().catch(() => {});
    throw error;
  }
};

/** The HTTP app over an open runtime, with metrics. */
const buildService = async (
  config: Config,
  runtime: Runtime,
  options: { webRoot?: string },
): Promise<Api> => {
  const { ctx, handle, log } = runtime;
  const metrics = new Metrics(handle);
  ctx.events = metrics.events;
  const app = await buildApp(ctx, {
    logger: log,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    session: {
      idleMs: config.sessionIdleHours * 3_600_000,
      absoluteMs: config.sessionMaxDays * 86_400_000,
    },
    rateLimits: {
      registrationsPerHour: config.registrationsPerHour,
      failedLoginsPerHourPerAddress: config.failedLoginsPerHour,
      failedLoginsPerAccount: config.accountFailures,
      failedLoginsPerAccountPerHour: config.accountFailuresPerHour,
    },
    requestTimeoutMs: config.requestTimeoutMs,
    maxConnections: config.maxConnections,
    readCacheMs: 1000,
    credentialCacheMs: config.credentialCacheMs,
    heavyReads: { perClient: config.heavyReadsPerClient, total: config.heavyReadsTotal },
    ...(options.webRoot !== undefined ? { webRoot: options.webRoot } : {}),
  });
  installMetrics(app, metrics, config.metricsToken);
  return app;
};

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use (another lottery serve, or another program); set PORT',
  EACCES: 'this user may not listen on that port (ports below 1024 need privileges); set PORT',
  EADDRNOTAVAIL: 'HOST is not an address of this machine; set HOST (0.0.0.0 for every address)',
};

/** Listens on HOST:PORT, or fails with a message that says what to change. */
const listen = async (app: Api, config: Config): Promise<void> => {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const problem = LISTEN_PROBLEMS[(error as { code?: string }).code ?? ''];
    if (problem === undefined) throw error;
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${problem}`, {
      cause: error,
    });
  }
};

/** Ends the process cleanly on SIGTERM/SIGINT, within a bounded time. */
export const closeOnSignals = (server: RunningServer, graceMs = 10_000): void => {
  const shutdown = (signal: string) => {
    server.runtime.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.runtime.log.error({ graceMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.runtime.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};
