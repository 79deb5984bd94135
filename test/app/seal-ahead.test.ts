import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { DrawScheduler } from '../../src/app/scheduler.js';
import { SEAL_PAGE, sealAhead } from '../../src/app/sealing.js';
import { findDrawResult, findDrawRow, findDrawForBallot } from '../../src/db/repositories/draws.js';
import { findSealProgress } from '../../src/db/repositories/seal-progress.js';
import { ballotLeafHash, merkleRoot } from '../../src/fairness/merkle.js';
import { SubtreeHasherPool } from '../../src/infra/subtree-hashers.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

const DAY = '2026-03-10';
const pool = new SubtreeHasherPool(2);
afterAll(() => pool.close());

describe.each(dialects)('sealing open draws ahead of midnight on %s', (dialect) => {
  let ctx: TestContext;
  let lotteryId: number;
  let drawId: number;
  let playerId: number;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(`${DAY}T12:00:00Z`);
    ctx.subtreeHasher = pool;
    playerId = (
      await registerParticipant(ctx, { username: 'player', password: 'correct horse battery' })
    ).id;
    lotteryId = (await createLottery(ctx, { name: 'Daily', startsOn: DAY })).id;
    drawId = (await findDrawRow(ctx.db, lotteryId, DAY))!.id;
  });
  afterEach(() => ctx.dispose());

  /** Adds `n` ballots to the day's draw in one statement (as many intake batches would). */
  const addBallots = (n: number, db = ctx.db) =>
    sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${n})
      insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
      select ${drawId}, ${lotteryId}, ${playerId}, ${ctx.clock.now()} from n`.execute(db);

  const allIds = async () =>
    (
      await ctx.db
        .selectFrom('ballots')
        .select('id')
        .where('draw_id', '=', drawId)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);

  const closeAndCheck = async () => {
    const ids = await allIds();
    ctx.clock.set('2026-03-11T00:00:01Z');
    expect((await closeDueDraws(ctx)).drawn).toBe(1);
    const sealed = (await findDrawRow(ctx.db, lotteryId, DAY))!;
    expect(sealed.sealed_count).toBe(ids.length);
    expect(sealed.sealed_root).toBe(
      merkleRoot(ids.map((id) => ballotLeafHash(lotteryId, DAY, id))).toString('hex'),
    );
    const result = (await findDrawResult(ctx.db, drawId))!;
    expect(result.winning_ballot_id).toBe(ids[result.winning_index!]);
    // Every page is kept with the seal, whether it was hashed ahead or at the close (ADR 0013).
    const pages = [];
    for (let first = 0; first < ids.length; first += SEAL_PAGE) {
      const page = ids.slice(first, first + SEAL_PAGE);
      pages.push(
        `${page[0]}:${merkleRoot(page.map((id) => ballotLeafHash(lotteryId, DAY, id))).toString('hex')}`,
      );
    }
    expect(sealed.sealed_pages).toBe(pages.join(','));
  };

  it('hashes only whole pages, records them, and the close publishes the root of every ballot', async () => {
    await addBallots(2 * SEAL_PAGE + 1_234);
    expect(await sealAhead(ctx)).toBe(2);
    const progress = (await findSealProgress(ctx.db, drawId))!;
    expect(progress.ballots).toBe(2 * SEAL_PAGE);
    expect(progress.checkpoints).toHaveLength(2);
    // Nothing more to do until another whole page has come.
    expect(await sealAhead(ctx)).toBe(0);

    await addBallots(SEAL_PAGE);
    expect(await sealAhead(ctx)).toBe(1);
    expect((await findSealProgress(ctx.db, drawId))!.ballots).toBe(3 * SEAL_PAGE);

    await addBallots(17);
    await closeAndCheck();
    // Once drawn, the record of sealing ahead is no longer kept.
    expect(await findSealProgress(ctx.db, drawId)).toBeUndefined();
  });

  if (dialect === 'postgres') {
    it('leaves a draw to the instance already sealing it ahead', async () => {
      await addBallots(SEAL_PAGE + 5);
      // Another instance's pass over this draw holds its seal-ahead lock.
      const other = await ctx.db.startTransaction().execute();
      try {
        await sql`select pg_advisory_xact_lock(${0x5ea1}::int, ${drawId}::int)`.execute(other);
        expect(await sealAhead(ctx)).toBe(0);
        expect(await findSealProgress(ctx.db, drawId)).toBeUndefined();
      } finally {
        await other.rollback().execute();
      }
      expect(await sealAhead(ctx)).toBe(1);
      expect((await findSealProgress(ctx.db, drawId))!.ballots).toBe(SEAL_PAGE);
    });

    it('hashes each page once when two instances seal ahead at the same moment', async () => {
      await addBallots(2 * SEAL_PAGE);
      const [first, second] = await Promise.all([sealAhead(ctx), sealAhead(ctx)]);
      expect(first + second).toBe(2);
      await closeAndCheck();
    });
  }

  it('leaves a draw alone in the last moments before its midnight, and the close seals it all', async () => {
    // More than two pages, ending in a partial one, all hashed on worker threads at the close.
    await addBallots(2 * SEAL_PAGE + 1_234);
    ctx.clock.set(`${DAY}T23:59:59Z`);
    expect(await sealAhead(ctx)).toBe(0);
    expect(await findSealProgress(ctx.db, drawId)).toBeUndefined();
    await closeAndCheck();
  });

  it('never lets a damaged record block the draw: the close seals from the start', async () => {
    await addBallots(SEAL_PAGE + 5);
    expect(await sealAhead(ctx)).toBe(1);
    await ctx.db
      .updateTable('draw_seal_progress')
      .set({ ballots: SEAL_PAGE + 1 })
      .where('draw_id', '=', drawId)
      .execute();
    expect(await sealAhead(ctx)).toBe(0);
    await closeAndCheck();
  });

  it('seals from the start over a record made before page roots were kept, without calling it damaged', async () => {
    await addBallots(SEAL_PAGE + 5);
    expect(await sealAhead(ctx)).toBe(1);
    await ctx.db
      .updateTable('draw_seal_progress')
      .set({ page_roots: '' })
      .where('draw_id', '=', drawId)
      .execute();
    const errors: unknown[] = [];
    ctx.log = { ...ctx.log, error: (...args: unknown[]) => errors.push(args) };
    // Nothing new to seal ahead; the close starts from the first ballot, and keeps every page.
    expect(await sealAhead(ctx)).toBe(0);
    await closeAndCheck();
    expect(errors).toEqual([]);
  });

  it('runs on the scheduler’s own timer', async () => {
    await addBallots(SEAL_PAGE + 1);
    const scheduler = new DrawScheduler(ctx, { intervalMs: 60_000, sealAheadEveryMs: 20 });
    scheduler.start();
    const deadline = Date.now() + 20_000;
    while (!(await findSealProgress(ctx.db, drawId)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await scheduler.stop();
    expect((await findSealProgress(ctx.db, drawId))?.ballots).toBe(SEAL_PAGE);
  });

  it.runIf(dialect === 'postgres')(
    'never seals past a ballot whose transaction has not committed',
    async () => {
      // A ballot transaction takes its number, then a whole page of later numbers commits.
      let commit!: () => void;
      const held = new Promise<void>((resolve) => (commit = resolve));
      let numbered!: () => void;
      const hasNumber = new Promise<void>((resolve) => (numbered = resolve));
      const slow = ctx.db.transaction().execute(async (tx) => {
        await findDrawForBallot(tx, lotteryId, DAY);
        await addBallots(1, tx);
        numbered();
        await held;
      });
      await hasNumber;
      await ctx.db.transaction().execute(async (tx) => {
        await findDrawForBallot(tx, lotteryId, DAY);
        await addBallots(SEAL_PAGE, tx);
      });

      const sealing = sealAhead(ctx);
      await new Promise((r) => setTimeout(r, 300));
      commit();
      await slow;
      await sealing;
      // The page it sealed starts with the slow ballot: it waited for it to commit.
      expect((await findSealProgress(ctx.db, drawId))?.checkpoints[0]).toBe((await allIds())[0]);
      await closeAndCheck();
    },
  );
});
