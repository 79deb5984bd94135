import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAllDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { foldRanges } from '../../src/app/my-draws.js';
import { registerParticipant } from '../../src/app/participants.js';
import { findDraw } from '../../src/db/repositories/draws.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

/**
 * Runs in number order: [first, quantity, owner, draw]. Alice's numbers in draw A fold into the
 * ranges 1–5 (three runs), 8–8, 10–14 (two runs) and 20–20; Bob's and draw B's runs cut them.
 */
const RUNS: [number, number, 'alice' | 'bob', 'A' | 'B'][] = [
  [1, 2, 'alice', 'A'],
  [3, 1, 'alice', 'A'],
  [4, 2, 'alice', 'A'],
  [6, 2, 'bob', 'A'],
  [8, 1, 'alice', 'A'],
  [9, 1, 'alice', 'B'],
  [10, 3, 'alice', 'A'],
  [13, 2, 'alice', 'A'],
  [15, 5, 'bob', 'A'],
  [20, 1, 'alice', 'A'],
];
const ALICE_RANGES = [
  { first: 1, last: 5 },
  { first: 8, last: 8 },
  { first: 10, last: 14 },
  { first: 20, last: 20 },
];

describe.each(dialects)('a participant’s numbers in a draw folded into ranges on %s', (dialect) => {
  let ctx: TestContext;
  let drawA: number;
  let alice: number;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T12:00:00Z');
    const people = {
      alice: (await registerParticipant(ctx, { username: 'alice', password: 'correct horse 1' }))
        .id,
      bob: (await registerParticipant(ctx, { username: 'bob', password: 'correct horse 2' })).id,
    };
    alice = people.alice;
    const lotteries = await Promise.all(
      ['A', 'B'].map((name) => createLottery(ctx, { name, startsOn: '2026-03-10' })),
    );
    await ensureAllDraws(ctx);
    drawA = (await findDraw(ctx.db, lotteries[0]!.id, '2026-03-10'))!.id;
    const drawB = (await findDraw(ctx.db, lotteries[1]!.id, '2026-03-10'))!.id;
    await ctx.db
      .insertInto('ballots')
      .values(
        RUNS.map(([id, quantity, owner, draw]) => ({
          id,
          quantity,
          participant_id: people[owner],
          draw_id: draw === 'A' ? drawA : drawB,
          lottery_id: lotteries[draw === 'A' ? 0 : 1]!.id,
          submitted_at: ctx.clock.now(),
        })),
      )
      .execute();
  });
  afterEach(() => ctx.dispose());

  const fold = (from: number, limit: number, batch: number) =>
    foldRanges(ctx.db, { participantId: alice, drawId: drawA, from, to: 20, limit }, batch);

  it('gives the same ranges whatever the number of runs read at a time', async () => {
    for (const batch of [1, 2, 3, 4, 10_000]) {
      expect(await fold(1, 10, batch), `${batch} runs at a time`).toEqual({
        ranges: ALICE_RANGES,
        next: null,
      });
    }
  });

  it('stops after `limit` ranges, saying where the next one starts, and goes on from there', async () => {
    for (const batch of [1, 2, 10_000]) {
      expect(await fold(1, 2, batch)).toEqual({ ranges: ALICE_RANGES.slice(0, 2), next: 10 });
      expect(await fold(10, 2, batch)).toEqual({ ranges: ALICE_RANGES.slice(2), next: null });
      expect(await fold(11, 1, batch)).toEqual({ ranges: [{ first: 11, last: 14 }], next: 20 });
    }
  });
});
