import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../infra/metrics.js';

/**
 * Prometheus metrics at /metrics: request rate and latency per route (the route pattern, never
 * the raw URL, so ids do not explode the label set), plus the domain counters in `Metrics`.
 * When a token is configured, scraping needs `Authorization: Bearer <token>`.
 */
export const installMetrics = (app: FastifyInstance, metrics: Metrics, token?: string): void => {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
  // Answers from the response cache never reach the hooks: they are counted in bulk, every
  // second and before each scrape (they take microseconds, so they are not timed).
  const countCached = () => {
    for (const [key, n] of app.responseCache.drainHits()) {
      const [status, route] = key.startsWith('304 ') ? ['304', key.slice(4)] : ['200', key];
      metrics.httpRequests.inc({ method: 'GET', route, status }, n);
    }
  };
  const counting = setInterval(countCached, 1000).unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(counting);
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && request.headers.authorization !== `Bearer ${token}`) {
      return reply.code(401).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'Metrics need the metrics token.',
      });
    }
    countCached();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
