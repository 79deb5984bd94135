import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAllDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import {
  ballotIdAt,
  ballotIdPage,
  ballotPosition,
  findRunHolding,
  hasBallotsAfter,
  highestBallotId,
} from '../../src/db/repositories/ballot-numbers.js';
import { listOwnBallots, ownBallotCounts } from '../../src/db/repositories/ballots.js';
import { findDraw } from '../../src/db/repositories/draws.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

/**
 * Two draws whose runs interleave (ADR 0016): [first, quantity, draw] in number order. Draw A
 * holds 1–3, 4, 10–1009 and 1010–1011; draw B holds 5–9 and 1012.
 */
const RUNS: [number, number, 'A' | 'B'][] = [
  [1, 3, 'A'],
  [4, 1, 'A'],
  [5, 5, 'B'],
  [10, 1000, 'A'],
  [1010, 2, 'A'],
  [1012, 1, 'B'],
];
const numbersOf = (draw: 'A' | 'B') =>
  RUNS.filter((r) => r[2] === draw).flatMap(([first, quantity]) =>
    Array.from({ length: quantity }, (_, i) => first + i),
  );
const A = numbersOf('A');

describe.each(dialects)('ballot numbers stored as runs on %s', (dialect) => {
  let ctx: TestContext;
  let drawA: number;
  let drawB: number;
  let alice: number;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T12:00:00Z');
    alice = (await registerParticipant(ctx, { username: 'alice', password: 'correct horse 1' })).id;
    const lotteries = await Promise.all(
      ['A', 'B'].map((name) => createLottery(ctx, { name, startsOn: '2026-03-10' })),
    );
    await ensureAllDraws(ctx);
    drawA = (await findDraw(ctx.db, lotteries[0]!.id, '2026-03-10'))!.id;
    drawB = (await findDraw(ctx.db, lotteries[1]!.id, '2026-03-10'))!.id;
    const lotteryOf = { A: lotteries[0]!.id, B: lotteries[1]!.id };
    const drawOf = { A: drawA, B: drawB };
    await ctx.db
      .insertInto('ballots')
      .values(
        RUNS.map(([id, quantity, draw]) => ({
          id,
          quantity,
          draw_id: drawOf[draw],
          lottery_id: lotteryOf[draw],
          participant_id: alice,
          submitted_at: Date.parse('2026-03-10T12:00:00Z') + id,
        })),
      )
      .execute();
  });
  afterEach(() => ctx.dispose());

  it('reads a draw’s numbers in order, a page at a time, whatever the page boundaries', async () => {
    expect(await ballotIdPage(ctx.db, drawA, 0, 10_000)).toEqual(A);
    expect(await ballotIdPage(ctx.db, drawB, 0, 10_000)).toEqual(numbersOf('B'));
    for (const size of [1, 2, 3, 7, 999]) {
      const read: number[] = [];
      for (let after = 0; ;) {
        const page = await ballotIdPage(ctx.db, drawA, after, size);
        read.push(...page);
        if (page.length < size) break;
        after = page[page.length - 1]!;
      }
      expect(read).toEqual(A);
    }
    // Starting inside a run, and after the last number.
    expect(await ballotIdPage(ctx.db, drawA, 2, 3)).toEqual([3, 4, 10]);
    expect(await ballotIdPage(ctx.db, drawA, 6, 2)).toEqual([10, 11]);
    expect(await ballotIdPage(ctx.db, drawA, 1011, 5)).toEqual([]);
  });

  it('reads the same inside a transaction, where the query builder does the reading', async () => {
    const inside = await ctx.db
      .transaction()
      .execute(async (tx) => [
        await ballotIdPage(tx, drawA, 0, 10_000),
        await ballotIdPage(tx, drawA, 6, 2),
        await ballotIdAt(tx, drawA, 0, 500),
      ]);
    expect(inside).toEqual([A, [10, 11], A[500]]);
  });

  it('finds the ballot at an offset from any number, as the pick does', async () => {
    for (let i = 0; i < A.length; i += 37) {
      expect(await ballotIdAt(ctx.db, drawA, 0, i)).toBe(A[i]);
      expect(await ballotIdAt(ctx.db, drawA, A[i]!, 5)).toBe(A[i + 5]);
    }
    expect(await ballotIdAt(ctx.db, drawA, 0, A.length - 1)).toBe(1011);
    expect(await ballotIdAt(ctx.db, drawA, 0, A.length)).toBeUndefined();
    expect(await ballotIdAt(ctx.db, drawB, 6, 3)).toBe(9);
  });

  it('tells whether enough ballots follow a number, the highest number and positions', async () => {
    expect(await hasBallotsAfter(ctx.db, drawA, 0, A.length)).toBe(true);
    expect(await hasBallotsAfter(ctx.db, drawA, 0, A.length + 1)).toBe(false);
    expect(await hasBallotsAfter(ctx.db, drawA, 1009, 2)).toBe(true);
    expect(await hasBallotsAfter(ctx.db, drawA, 1009, 3)).toBe(false);
    expect(await highestBallotId(ctx.db, drawA)).toBe(1011);
    expect(await highestBallotId(ctx.db, drawB)).toBe(1012);
    expect(await highestBallotId(ctx.db, 999_999)).toBe(0);
    for (const id of [1, 3, 4, 10, 500, 1009, 1010, 1011]) {
      expect(await ballotPosition(ctx.db, drawA, id)).toBe(A.indexOf(id));
    }
    expect(await ballotPosition(ctx.db, drawB, 1012)).toBe(5);
  });

  it('finds the run holding a number, and none past the last', async () => {
    expect(await findRunHolding(ctx.db, 7)).toMatchObject({ id: 5, quantity: 5, draw_id: drawB });
    expect(await findRunHolding(ctx.db, 1009)).toMatchObject({ id: 10, draw_id: drawA });
    expect(await findRunHolding(ctx.db, 1013)).toBeUndefined();
  });

  it('lists a participant’s own ballots newest first across runs, a page at a time', async () => {
    const all = [...A, ...numbersOf('B')].sort((a, b) => b - a);
    const read: number[] = [];
    for (let before: number | undefined; ;) {
      const page = await listOwnBallots(ctx.db, { participantId: alice, before, limit: 100 });
      read.push(...page.map((b) => b.id));
      if (page.length < 100) break;
      before = page[page.length - 1]!.id;
    }
    expect(read).toEqual(all);
    const inB = await listOwnBallots(ctx.db, {
      participantId: alice,
      lotteryId: (await findRunHolding(ctx.db, 1012))!.lottery_id,
      before: 8,
      limit: 2,
    });
    expect(inB.map((b) => [b.id, b.drawId])).toEqual([
      [7, drawB],
      [6, drawB],
    ]);
    const counts = await ownBallotCounts(ctx.db, alice, [drawA]);
    expect([...counts.totalByLottery.values()].sort((a, b) => a - b)).toEqual([6, A.length]);
    expect(counts.byDraw.get(drawA)).toBe(A.length);
  });
});
