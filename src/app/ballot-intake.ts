import type { Kysely } from 'kysely';
import {
  insertBallotRuns,
  insertBallotRunsIfOpen,
  type BallotRun,
} from '../db/repositories/ballots.js';
import { findDrawForBallot } from '../db/repositories/draws.js';
import { claimKey, recordOutcome } from '../db/repositories/idempotency.js';
import type { Database } from '../db/schema.js';
import { canAcceptBallot, type LocalDate } from '../domain/index.js';
import type { SubmittedBallots } from './ballots.js';
import type { AppContext } from './context.js';

export interface IntakeRequest {
  lotteryId: number;
  participantId: number;
  quantity: number;
  date: LocalDate;
  /** Claimed in the same transaction as the ballots, which are stored only if it was free. */
  idempotency?: { key: string; requestHash: string };
}

export type IntakeOutcome =
  | { kind: 'accepted'; drawId: number; submittedAt: number; ballotIds: number[] }
  /** A request with the same Idempotency-Key has already committed: nothing was stored. */
  | { kind: 'duplicate' }
  /** The draw of that date has closed: the ballots belong to the next day. */
  | { kind: 'closed' }
  /** The draw of that date does not exist (yet). */
  | { kind: 'missing' }
  | { kind: 'cancelled' };

interface Pending {
  request: IntakeRequest;
  resolve(outcome: IntakeOutcome): void;
  reject(error: unknown): void;
}

/**
 * Live-count shards per draw (see draw_ballot_counts): transactions running at once on
 * PostgreSQL add to different rows.
 */
const COUNT_SHARDS = 8;

/** How many requests one transaction takes at most. */
const MAX_BATCH = 256;

/**
 * Group commit for ballots. Requests that arrive while a transaction is in flight wait and go
 * together in the next one, so one commit (one fsync on SQLite) serves many requests. No request
 * is answered before its transaction has committed. Inside each transaction every ballot gets
 * the same checks as alone: its draw row is locked against the close, the draw must still be
 * open, and the clock is read once, after the locks, to decide that it is before midnight.
 */
export class BallotIntake {
  private queue: Pending[] = [];
  private inFlight = 0;
  private inFlightRequests = 0;
  private scheduled = false;
  private nextShard = 0;

  constructor(
    private readonly ctx: AppContext,
    /**
     * Transactions in flight at once. On SQLite they run one at a time (one writer), but one may
     * run while the last one's WAL sync is still out (ADR 0011); a few on PostgreSQL.
     */
    private readonly parallel: number,
  ) {}

  /** Requests not answered yet: queued, or in a transaction in flight. */
  get waiting(): number {
    return this.queue.length + this.inFlightRequests;
  }

  submit(request: IntakeRequest): Promise<IntakeOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      // Start the next transaction after the requests already received in this turn of the
      // event loop have queued too, so they share its commit.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.parallel && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight += 1;
      this.inFlightRequests += batch.length;
      this.run(batch)
        .catch((error: unknown) => {
          for (const p of batch) p.reject(error);
        })
        .finally(() => {
          this.inFlight -= 1;
          this.inFlightRequests -= batch.length;
          this.pump();
        });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    let rest = batch;
    if (this.ctx.dialect === 'postgres') {
      const plain = batch.filter((p) => !p.request.idempotency);
      if (plain.length > 0 && (await this.runInOneStatement(plain))) {
        rest = batch.filter((p) => p.request.idempotency);
      }
    }
    if (rest.length > 0) await this.runInTransaction(rest);
  }

  /**
   * PostgreSQL: requests without an Idempotency-Key go in one statement, its own transaction,
   * when every draw they name accepts ballots (ADR 0014): one round trip to a statement prepared
   * once per connection, where the general path below takes four. False when it stored nothing,
   * and the requests need the general path, which tells each one what became of it.
   */
  private async runInOneStatement(batch: Pending[]): Promise<boolean> {
    const at = this.ctx.clock.now();
    const stored = await insertBallotRunsIfOpen(
      this.ctx.db,
      batch.map(({ request }) => request),
      at,
      this.takeShard(),
    );
    if (!stored) return false;
    batch.forEach((p, i) =>
      p.resolve({
        kind: 'accepted',
        drawId: stored[i]!.drawId,
        submittedAt: at,
        ballotIds: stored[i]!.ballotIds,
      }),
    );
    return true;
  }

  /** The live counts are kept in step, each transaction in the next shard (see COUNT_SHARDS). */
  private takeShard(): number {
    const shard = this.nextShard;
    this.nextShard = (shard + 1) % COUNT_SHARDS;
    return shard;
  }

  private async runInTransaction(batch: Pending[]): Promise<void> {
    const outcomes = await this.ctx.db.transaction().execute(async (tx) => {
      // Lock each draw involved once, in a fixed order (no deadlocks between batches).
      const keys = [
        ...new Set(batch.map((p) => `${p.request.lotteryId}|${p.request.date}`)),
      ].sort();
      const draws = new Map<string, Awaited<ReturnType<typeof findDrawForBallot>>>();
      for (const key of keys) {
        const [lotteryId, date] = key.split('|') as [string, string];
        draws.set(key, await findDrawForBallot(tx, Number(lotteryId), date));
      }
      // A lottery's cancellation comes with its draw; only a lottery without the draw asked for
      // needs its own look.
      const cancelled = new Set(
        [...draws.values()].flatMap((d) => (d && d.cancelled_at !== null ? [d.lottery_id] : [])),
      );
      const drawless = [
        ...new Set(
          batch
            .filter((p) => !draws.get(`${p.request.lotteryId}|${p.request.date}`))
            .map((p) => p.request.lotteryId),
        ),
      ];
      if (drawless.length > 0) {
        for (const { id } of await tx
          .selectFrom('lotteries')
          .select('id')
          .where('id', 'in', drawless)
          .where('cancelled_at', 'is not', null)
          .execute()) {
          cancelled.add(id);
        }
      }
      const at = this.ctx.clock.now();
      const results: IntakeOutcome[] = batch.map(({ request }) => {
        const draw = draws.get(`${request.lotteryId}|${request.date}`);
        if (cancelled.has(request.lotteryId)) return { kind: 'cancelled' };
        if (!draw) return { kind: 'missing' };
        if (!canAcceptBallot({ status: draw.status, closesAt: draw.closes_at }, at))
          return { kind: 'closed' };
        return { kind: 'accepted', drawId: draw.id, submittedAt: at, ballotIds: [] };
      });
      // Idempotency keys are claimed in one fixed order too: on PostgreSQL a claim waits for
      // another transaction that holds the same key, so crosswise orders could deadlock.
      const keyed = batch
        .map(({ request }, index) => ({ request, index }))
        .filter(({ request, index }) => request.idempotency && results[index]!.kind === 'accepted')
        .sort(
          (a, b) =>
            a.request.participantId - b.request.participantId ||
            compareText(a.request.idempotency!.key, b.request.idempotency!.key),
        );
      for (const { request, index } of keyed) {
        const claimed = await claimKey(tx, {
          participantId: request.participantId,
          key: request.idempotency!.key,
          requestHash: request.idempotency!.requestHash,
          now: at,
        });
        if (!claimed) results[index] = { kind: 'duplicate' };
      }
      const runs: BallotRun[] = [];
      const accepted: number[] = [];
      for (const [index, result] of results.entries()) {
        if (result.kind !== 'accepted') continue;
        const { request } = batch[index]!;
        accepted.push(index);
        runs.push({
          drawId: result.drawId,
          lotteryId: request.lotteryId,
          participantId: request.participantId,
          quantity: request.quantity,
        });
      }
      const numbers = await insertBallotRuns(tx, runs, at, this.takeShard());
      for (const [i, index] of accepted.entries()) {
        const result = results[index] as { drawId: number; ballotIds: number[] };
        result.ballotIds = numbers[i]!;
        const { request } = batch[index]!;
        if (request.idempotency) {
          // The answer can be rebuilt from this if the process dies before it is stored.
          const outcome: SubmittedBallots = {
            lotteryId: request.lotteryId,
            drawId: result.drawId,
            drawDate: request.date,
            submittedAt: at,
            ballotIds: result.ballotIds,
          };
          await recordOutcome(tx, {
            participantId: request.participantId,
            key: request.idempotency.key,
            outcome: JSON.stringify(outcome),
          });
        }
      }
      return results;
    });
    // Committed: now, and only now, the requests may be answered.
    batch.forEach((p, i) => p.resolve(outcomes[i]!));
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const intakes = new WeakMap<Kysely<Database>, BallotIntake>();

/** The process's intake for this database. */
export const ballotIntake = (ctx: AppContext): BallotIntake => {
  let intake = intakes.get(ctx.db);
  if (!intake) {
    intake = new BallotIntake(ctx, ctx.dialect === 'sqlite' ? 2 : 4);
    intakes.set(ctx.db, intake);
  }
  return intake;
};
