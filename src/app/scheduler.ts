import type { AppContext } from './context.js';
import { nextClosingTime } from '../db/repositories/draws.js';
import { closeDueDraws, ensureAllDraws } from './draws.js';
import { purgeExpiredIdempotencyKeys } from './idempotency.js';
import { purgeRateLimits } from './rate-limits.js';
import { sealAhead } from './sealing.js';
import { purgeExpiredSessions } from './sessions.js';

export interface SchedulerOptions {
  /** How often to look for due draws. Every draw closes within this long after its midnight. */
  intervalMs?: number;
  /** How often to open the coming days' draws. */
  planEveryMs?: number;
  /** How often to seal open draws ahead (their whole pages of ballots so far); 0: never. */
  sealAheadEveryMs?: number;
}

/**
 * Closes due draws soon after each midnight. Rather than one long timer (which drifts, and
 * misses midnights while the machine sleeps), it re-arms a short timer after every pass and asks
 * the database which draws are due by the wall clock. Every instance may run one: closing is
 * exactly-once in the database, not in here.
 */
export class DrawScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private sealTimer: NodeJS.Timeout | undefined;
  private sealing: Promise<void> | undefined;
  private stopped = true;
  private lastPlan = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly planEveryMs: number;
  private readonly sealAheadEveryMs: number;

  constructor(
    private readonly ctx: AppContext,
    options: SchedulerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.planEveryMs = options.planEveryMs ?? 60_000;
    this.sealAheadEveryMs = options.sealAheadEveryMs ?? 5_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm(0);
    this.armSealAhead();
  }

  /** Stops re-arming and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.sealTimer);
    await Promise.all([this.running, this.sealing]);
  }

  /** One pass: open upcoming draws when due, then close and draw every draw past its midnight. */
  /** Returns how long to wait before the next pass: until the next midnight, at most the interval. */
  async runOnce(): Promise<number> {
    const now = this.ctx.clock.now();
    if (now - this.lastPlan >= this.planEveryMs) {
      await ensureAllDraws(this.ctx);
      await this.purge();
      this.lastPlan = now;
    }
    const report = await closeDueDraws(this.ctx);
    // A drawn day means a new day began: open the next draws now rather than within a minute.
    if (report.drawn > 0) await ensureAllDraws(this.ctx);
    const next = await nextClosingTime(this.ctx.db);
    return next === undefined
      ? this.intervalMs
      : Math.max(0, Math.min(this.intervalMs, next - this.ctx.clock.now()));
  }

  /** Housekeeping that keeps short-lived rows from piling up: expired sessions, keys, counters. */
  private async purge(): Promise<void> {
    await purgeExpiredSessions(this.ctx);
    await purgeExpiredIdempotencyKeys(this.ctx);
    await purgeRateLimits(this.ctx, 24 * 3_600_000);
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => {
          this.ctx.log.error({ err: error }, 'draw scheduler pass failed; retrying');
          return this.intervalMs;
        })
        .then((wait) => {
          this.running = undefined;
          this.arm(wait);
        });
    }, delay);
  }

  /**
   * Seals open draws ahead on a timer of its own, so that a long pass (millions of ballots) never
   * delays a close; it gives way before each midnight and when the scheduler stops.
   */
  private armSealAhead(): void {
    if (this.stopped || this.sealAheadEveryMs <= 0) return;
    this.sealTimer = setTimeout(() => {
      this.sealing = sealAhead(this.ctx, { stopped: () => this.stopped })
        .then(
          () => undefined,
          (error: unknown) => {
            this.ctx.log.error({ err: error }, 'sealing ahead failed; the close seals in full');
          },
        )
        .then(() => {
          this.sealing = undefined;
          this.armSealAhead();
        });
    }, this.sealAheadEveryMs);
  }
}
