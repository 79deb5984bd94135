import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEvents } from '../app/context.js';
import type { DatabaseHandle } from '../db/connect.js';

/** The service's Prometheus metrics, in their own registry (one per app, so tests stay apart). */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'lottery_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'lottery_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method and route (answers from the response cache, which take microseconds, are counted in lottery_http_requests_total only).',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly ballotsSubmitted = new Counter({
    name: 'lottery_ballots_submitted_total',
    help: 'Ballots accepted (committed).',
    registers: [this.registry],
  });

  readonly drawsClosed = new Counter({
    name: 'lottery_draws_drawn_total',
    help: 'Draws closed and drawn by this instance.',
    registers: [this.registry],
  });

  readonly drawDuration = new Histogram({
    name: 'lottery_draw_close_duration_seconds',
    help: 'Time from claiming a due draw to recording its result (sealing included).',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 20, 60],
    registers: [this.registry],
  });

  readonly drawBallots = new Histogram({
    name: 'lottery_draw_ballots',
    help: 'Ballots per drawn draw.',
    buckets: [0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000],
    registers: [this.registry],
  });

  constructor(database?: Pick<DatabaseHandle, 'poolStats' | 'dialect'>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'lottery_' });
    if (database) {
      const pool = new Gauge({
        name: 'lottery_db_pool_connections',
        help: 'Database connections by state (total, idle, and requests waiting for one).',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const stats = database.poolStats();
          this.set({ state: 'total' }, stats.total);
          this.set({ state: 'idle' }, stats.idle);
          this.set({ state: 'waiting' }, stats.waiting);
        },
      });
      void pool;
    }
  }

  /** Hooks for the use cases: what happened in the domain, counted. */
  get events(): AppEvents {
    return {
      ballotsSubmitted: (count) => this.ballotsSubmitted.inc(count),
      drawDrawn: ({ ballotCount, ms }) => {
        this.drawsClosed.inc();
        this.drawDuration.observe(ms / 1000);
        this.drawBallots.observe(ballotCount);
      },
    };
  }
}
