import SQLite from 'better-sqlite3';
import { sql, type ControlledTransaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { insertBallotRuns, insertBallotRunsIfOpen } from '../../src/db/repositories/ballots.js';
import {
  claimDraw,
  findDrawForBallot,
  findDrawResult,
  findDrawRow,
} from '../../src/db/repositories/draws.js';
import type { Database } from '../../src/db/schema.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

const DAY = '2026-03-10';
const BEFORE_MIDNIGHT = Date.parse('2026-03-10T23:59:59.990Z');
const AFTER_MIDNIGHT = Date.parse('2026-03-11T00:00:00.010Z');

/** Whether the promise is still pending after `ms`: it waits for a lock someone holds. */
const stillWaitingAfter = async (promise: Promise<unknown>, ms = 300) => {
  const settled = Symbol('settled');
  const first = await Promise.race([
    promise.then(() => settled),
    new Promise((resolve) => setTimeout(() => resolve('waiting'), ms)),
  ]);
  return first === 'waiting';
};

/** Ends a transaction a failed assertion left open, so the test ends rather than hangs. */
const settle = async (tx: ControlledTransaction<Database>) => {
  if (!tx.isCommitted && !tx.isRolledBack) await tx.rollback().execute();
};

// PostgreSQL: row locks, a shared one for ballots and the close's exclusive one. SQLite: one
// writer at a time, from the start of each transaction.
describe.each(dialects)('the ballot path and the close, contending for a draw on %s', (dialect) => {
  let ctx: TestContext;
  let lotteryId: number;
  let drawId: number;
  let playerId: number;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(`${DAY}T12:00:00Z`);
    playerId = (
      await registerParticipant(ctx, { username: 'player', password: 'correct horse battery' })
    ).id;
    lotteryId = (await createLottery(ctx, { name: 'Daily', startsOn: DAY })).id;
    drawId = (await findDrawRow(ctx.db, lotteryId, DAY))!.id;
  });
  afterEach(() => ctx.dispose());

  if (dialect === 'postgres')
    it('makes the close wait for a ballot that got in before midnight, and counts it', async () => {
      // A ballot transaction that read its draw open, one instant before midnight, and has not
      // committed yet.
      const ballot = await ctx.db.startTransaction().execute();
      let closing: Promise<unknown> | undefined;
      try {
        const draw = await findDrawForBallot(ballot, lotteryId, DAY);
        expect(draw?.status).toBe('open');
        await insertBallotRuns(
          ballot,
          [{ lotteryId, participantId: playerId, drawId, quantity: 1 }],
          BEFORE_MIDNIGHT,
        );

        ctx.clock.set(AFTER_MIDNIGHT);
        closing = closeDueDraws(ctx);
        expect(await stillWaitingAfter(closing)).toBe(true);

        await ballot.commit().execute();
      } finally {
        await settle(ballot);
        await closing?.catch(() => undefined);
      }
      expect(await closing).toMatchObject({ drawn: 1 });
      expect(await findDrawResult(ctx.db, drawId)).toMatchObject({ ballot_count: 1 });
    });

  if (dialect === 'postgres')
    it('makes a ballot wait for a close in progress, then stores nothing in the closed draw', async () => {
      // The close has claimed the draw and not committed yet.
      const close = await ctx.db.startTransaction().execute();
      let ballot: Promise<unknown> | undefined;
      try {
        expect(
          await claimDraw(close, {
            id: drawId,
            now: AFTER_MIDNIGHT,
            owner: 'closer',
            leaseMs: 60_000,
          }),
        ).toBe(true);

        // A ballot whose clock still read a moment before midnight.
        ballot = insertBallotRunsIfOpen(
          ctx.db,
          [{ lotteryId, date: DAY, participantId: playerId, quantity: 1 }],
          BEFORE_MIDNIGHT,
          0,
        );
        expect(await stillWaitingAfter(ballot)).toBe(true);

        await close.commit().execute();
      } finally {
        await settle(close);
        await ballot?.catch(() => undefined);
      }
      expect(await ballot).toBeUndefined();
      const stored = await ctx.db
        .selectFrom('ballots')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('draw_id', '=', drawId)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(0);
    });

  if (dialect === 'sqlite')
    it('takes the write lock when a transaction begins, before its first statement (BEGIN IMMEDIATE)', async () => {
      const other = new SQLite(ctx.handle.sqlitePath!);
      other.pragma('busy_timeout = 0');
      try {
        await ctx.db.transaction().execute(async () => {
          // Nothing written yet: a deferred BEGIN would still let another writer in here.
          expect(() =>
            other.prepare("update lotteries set name = 'Other' where id = ?").run(lotteryId),
          ).toThrow(/database is locked/);
        });
        other.prepare("update lotteries set name = 'Other' where id = ?").run(lotteryId);
        const { rows } = await sql<{
          name: string;
        }>`select name from lotteries where id = ${lotteryId}`.execute(ctx.db);
        expect(rows[0]?.name).toBe('Other');
      } finally {
        other.close();
      }
    });
});
