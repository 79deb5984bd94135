import { eachBallot } from '../support/ballot-runs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';
import { runWorkers } from '../support/processes.js';

const countResults = async (ctx: TestContext) =>
  Number(
    (
      await ctx.db
        .selectFrom('draw_results')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const rounds = Number(process.env.RACE_ROUNDS ?? 3);

describe.each(dialects)('draws racing on %s, with separate processes', (dialect) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(() => ctx.dispose());

  it(`closes every due draw exactly once when three processes race to close them (${rounds} rounds)`, async () => {
    for (let round = 0; round < rounds; round++) {
      const day = `2026-04-${String(10 + round * 4).padStart(2, '0')}`;
      ctx.clock.set(`${day}T09:00:00Z`);
      const player = await registerParticipant(ctx, {
        username: `racer${round}`,
        password: 'correct horse battery',
      });
      const lotteries = [];
      for (let i = 0; i < 8; i++) {
        const lottery = await createLottery(ctx, {
          name: `Race ${round}-${i}`,
          startsOn: day,
          timeZone: ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'][i % 4],
        });
        lotteries.push(lottery);
        await submitBallots(ctx, player, lottery.id, 1 + i);
      }
      const resultsBefore = await countResults(ctx);
      // Three days later: each lottery owes the draws of its first days.
      const target = Date.parse(`${day}T00:00:00Z`) + 3 * 86_400_000 + 12 * 3_600_000;
      let offsetMs = 0;
      let stopAt = 0;
      const reports = await runWorkers(
        ['a', 'b', 'c'].map((name) => ({
          url: ctx.database.url,
          role: 'close',
          instanceId: `closer-${name}`,
        })),
        () => {
          offsetMs = target - Date.now();
          stopAt = Date.now() + 2000;
          return { offsetMs, stopAt };
        },
      );
      expect(reports.flatMap((r) => r.errors)).toEqual([]);

      const ids = lotteries.map((l) => l.id);
      const draws = await ctx.db
        .selectFrom('draws')
        .leftJoin('draw_results', 'draw_results.draw_id', 'draws.id')
        .select(['draws.id', 'draws.status', 'draws.closes_at', 'draw_results.draw_id as result'])
        .where('draws.lottery_id', 'in', ids)
        .execute();
      const due = draws.filter((d) => d.closes_at <= stopAt + offsetMs - 2000);
      expect(due.length).toBeGreaterThanOrEqual(8 * 3);
      expect(due.every((d) => d.status === 'drawn' && d.result === d.id)).toBe(true);
      // Each result was recorded by exactly one process.
      expect(reports.reduce((sum, r) => sum + r.drawn, 0)).toBe(
        (await countResults(ctx)) - resultsBefore,
      );
    }
  }, 240_000); // several processes per round: generous on a loaded machine

  it(`keeps every accepted ballot in exactly one draw when ballots race the close of their draw (${rounds} rounds)`, async () => {
    for (let round = 0; round < rounds; round++) {
      const day = `2026-05-${String(10 + round * 2).padStart(2, '0')}`;
      ctx.clock.set(`${day}T09:00:00Z`);
      const players = await Promise.all(
        [1, 2].map((n) =>
          registerParticipant(ctx, {
            username: `late${round}-${n}`,
            password: 'correct horse battery',
          }),
        ),
      );
      const open = await createLottery(ctx, { name: `Open ${round}`, startsOn: day });
      const lastDay = await createLottery(ctx, {
        name: `Last day ${round}`,
        startsOn: day,
        endsOn: day,
      });
      const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      const lotteryIds = [open.id, lastDay.id];
      const url = ctx.database.url;
      // Once every worker is connected, midnight falls in 0.8 s; they run on for 0.8 s after it.
      const reports = await runWorkers(
        [
          { url, role: 'submit', instanceId: 's1', lotteryIds, participantId: players[0]!.id },
          { url, role: 'submit', instanceId: 's2', lotteryIds, participantId: players[1]!.id },
          { url, role: 'close', instanceId: 'c1' },
          { url, role: 'close', instanceId: 'c2' },
        ],
        () => ({ offsetMs: midnight - (Date.now() + 800), stopAt: Date.now() + 1600 }),
      );
      expect(reports.flatMap((r) => r.errors)).toEqual([]);
      const accepted = reports.flatMap((r) => r.accepted);
      const acceptedIds = accepted.flatMap((a) => a.ids);
      expect(accepted.some((a) => a.submittedAt < midnight)).toBe(true);
      expect(accepted.some((a) => a.submittedAt >= midnight)).toBe(true);

      // Every acknowledged ballot is stored once, in the draw of the day it was acknowledged for.
      const stored = await ctx.db
        .selectFrom('ballots')
        .innerJoin('draws', 'draws.id', 'ballots.draw_id')
        .select([
          'ballots.id',
          'ballots.quantity',
          'draws.draw_date',
          'ballots.lottery_id',
          'ballots.submitted_at',
        ])
        .where('ballots.lottery_id', 'in', lotteryIds)
        .execute()
        .then(eachBallot);
      expect(stored.map((b) => b.id).sort((a, b) => a - b)).toEqual(
        [...acceptedIds].sort((a, b) => a - b),
      );
      const dateOf = new Map(accepted.flatMap((a) => a.ids.map((id) => [id, a.drawDate] as const)));
      for (const ballot of stored) {
        expect(ballot.draw_date).toBe(dateOf.get(ballot.id));
        expect(ballot.draw_date === day).toBe(ballot.submitted_at < midnight);
      }
      // The last day's lottery took nothing after midnight: those were refused, not moved.
      expect(
        stored.filter((b) => b.lottery_id === lastDay.id).every((b) => b.draw_date === day),
      ).toBe(true);

      // The closed draws were sealed with exactly the ballots they hold.
      for (const lotteryId of lotteryIds) {
        const draw = await ctx.db
          .selectFrom('draws')
          .innerJoin('draw_results', 'draw_results.draw_id', 'draws.id')
          .select(['draws.id', 'draw_results.ballot_count', 'draw_results.winning_ballot_id'])
          .where('draws.lottery_id', '=', lotteryId)
          .where('draws.draw_date', '=', day)
          .executeTakeFirstOrThrow();
        const inDraw = stored
          .filter((b) => b.lottery_id === lotteryId && b.draw_date === day)
          .map((b) => b.id);
        expect(draw.ballot_count).toBe(inDraw.length);
        expect(inDraw).toContain(draw.winning_ballot_id);
      }
    }
  }, 240_000); // several processes per round: generous on a loaded machine
});
