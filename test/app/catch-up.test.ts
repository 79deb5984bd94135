import { eachBallot } from '../support/ballot-runs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { closeDueDraws, ensureAllDraws, sealDraw } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import {
  claimDraw,
  findDraw,
  findDrawRow,
  findDrawRowById,
  recordDrawResult,
  recordSeal,
} from '../../src/db/repositories/draws.js';
import { ballotLeafHash, MerkleBuilder } from '../../src/fairness/merkle.js';
import { pickIndex } from '../../src/fairness/pick.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';
import { FixedClock } from '../support/fakes.js';

/** A clock that moves on by a millisecond each time it is read, so that every record differs. */
class TickingClock extends FixedClock {
  override now() {
    const now = super.now();
    this.advance(1);
    return now;
  }
}

describe.each(dialects)('catching up and recovering on %s', (dialect) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T12:00:00Z');
  });
  afterEach(() => ctx.dispose());

  it('draws every missed day, oldest first, when the service comes back after days down', async () => {
    const player = await registerParticipant(ctx, {
      username: 'player',
      password: 'correct horse battery',
    });
    const lottery = await createLottery(ctx, {
      name: 'Daily',
      startsOn: '2026-03-10',
      timeZone: 'Europe/Paris',
    });
    const ballots = await submitBallots(ctx, player, lottery.id, 4);

    // Down from the 10th at noon until the 14th at 08:00 Paris time.
    ctx.clock.set('2026-03-14T07:00:00Z');
    await ensureAllDraws(ctx);
    const report = await closeDueDraws(ctx);
    expect(report.drawn).toBe(4);

    const draws = await ctx.db
      .selectFrom('draws')
      .leftJoin('draw_results', 'draw_results.draw_id', 'draws.id')
      .select(['draw_date', 'status', 'ballot_count', 'winning_ballot_id', 'drawn_at'])
      .where('lottery_id', '=', lottery.id)
      .orderBy('draw_date')
      .execute();
    expect(draws.map((d) => [d.draw_date, d.status])).toEqual([
      ['2026-03-10', 'drawn'],
      ['2026-03-11', 'drawn'],
      ['2026-03-12', 'drawn'],
      ['2026-03-13', 'drawn'],
      ['2026-03-14', 'open'],
      ['2026-03-15', 'open'],
    ]);
    expect(draws[0]).toMatchObject({ ballot_count: 4 });
    expect(ballots.ballotIds).toContain(draws[0]!.winning_ballot_id);
    expect(
      draws.slice(1, 4).every((d) => d.ballot_count === 0 && d.winning_ballot_id === null),
    ).toBe(true);
  });

  it('catches up every lottery in the order their midnights passed, a few at a time, and none past its last day', async () => {
    const lotteries = [];
    for (const [name, timeZone, endsOn] of [
      ['Kolkata', 'Asia/Kolkata', undefined],
      ['Paris', 'Europe/Paris', undefined],
      ['New York', 'America/New_York', '2026-03-11'],
    ] as const) {
      lotteries.push(
        await createLottery(ctx, {
          name,
          startsOn: '2026-03-10',
          timeZone,
          ...(endsOn ? { endsOn } : {}),
        }),
      );
    }

    // Down from the 10th at noon UTC until the 14th at noon UTC.
    const clock = new TickingClock(Date.parse('2026-03-14T12:00:00Z'));
    const later = { ...ctx, clock };
    await ensureAllDraws(later);
    expect((await closeDueDraws(later, { batch: 2 })).drawn).toBe(2 * 4 + 2);

    const drawn = await ctx.db
      .selectFrom('draws')
      .innerJoin('draw_results', 'draw_results.draw_id', 'draws.id')
      .select(['draws.lottery_id', 'draws.draw_date', 'draws.closes_at'])
      .orderBy('draw_results.drawn_at')
      .execute();
    const byMidnight = [...drawn].sort((a, b) => a.closes_at - b.closes_at);
    expect(drawn).toEqual(byMidnight);
    const [kolkata, paris, newYork] = lotteries.map((l) => l!.id);
    expect(drawn.map((d) => [d.lottery_id, d.draw_date])).toEqual([
      [kolkata, '2026-03-10'],
      [paris, '2026-03-10'],
      [newYork, '2026-03-10'],
      [kolkata, '2026-03-11'],
      [paris, '2026-03-11'],
      [newYork, '2026-03-11'],
      [kolkata, '2026-03-12'],
      [paris, '2026-03-12'],
      [kolkata, '2026-03-13'],
      [paris, '2026-03-13'],
    ]);
    // New York's lottery ended on the 11th: it never got a later draw.
    const newYorkDates = await ctx.db
      .selectFrom('draws')
      .select('draw_date')
      .where('lottery_id', '=', newYork!)
      .orderBy('draw_date')
      .execute();
    expect(newYorkDates.map((d) => d.draw_date)).toEqual(['2026-03-10', '2026-03-11']);
  });

  it('closes a draw at the lottery’s own midnight, after a 23-hour day', async () => {
    ctx.clock.set('2026-03-08T06:00:00Z'); // 01:00 in New York, the day clocks spring forward
    const lottery = await createLottery(ctx, {
      name: 'New York',
      startsOn: '2026-03-08',
      timeZone: 'America/New_York',
    });
    expect(lottery.today).toMatchObject({
      date: '2026-03-08',
      opensAt: Date.parse('2026-03-08T05:00:00Z'),
      closesAt: Date.parse('2026-03-09T04:00:00Z'),
    });
    ctx.clock.set('2026-03-09T03:59:59.999Z');
    expect((await closeDueDraws(ctx)).drawn).toBe(0);
    ctx.clock.set('2026-03-09T04:00:00Z');
    expect((await closeDueDraws(ctx)).drawn).toBe(1);
  });

  it('picks the same winner when a stall interrupts the draw and another process finishes it, whatever the first writes when it wakes', async () => {
    const player = await registerParticipant(ctx, {
      username: 'player',
      password: 'correct horse battery',
    });
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    for (let i = 0; i < 5; i++) await submitBallots(ctx, player, lottery.id, 7);
    ctx.clock.set('2026-03-11T00:00:02Z');
    const draw = (await findDrawRow(ctx.db, lottery.id, '2026-03-10'))!;

    // A process closes the draw and dies before recording a result.
    expect(
      await claimDraw(ctx.db, {
        id: draw.id,
        now: ctx.clock.now(),
        owner: 'crashed',
        leaseMs: 60_000,
      }),
    ).toBe(true);
    expect(await sealDraw(ctx, draw.id)).toBe('busy');
    // Its claim lapses; the next pass takes over.
    ctx.clock.advance(61_000);
    expect(await sealDraw(ctx, draw.id)).toBe('drawn');
    expect(await sealDraw(ctx, draw.id)).toBe('already-drawn');

    // The winner is a pure function of the committed seed and the sealed ballots.
    const ids = (
      await ctx.db
        .selectFrom('ballots')
        .select(['id', 'quantity'])
        .where('draw_id', '=', draw.id)
        .orderBy('id')
        .execute()
        .then(eachBallot)
    ).map((b) => b.id);
    const tree = new MerkleBuilder();
    for (const id of ids) tree.push(ballotLeafHash(lottery.id, '2026-03-10', id));
    const index = pickIndex({
      lotteryId: lottery.id,
      date: '2026-03-10',
      root: tree.root(),
      count: ids.length,
      beaconRound: null,
      beaconRandomness: null,
      seed: Buffer.from(draw.seed, 'hex'),
    });
    const result = (await findDraw(ctx.db, lottery.id, '2026-03-10'))!.result!;
    expect(result).toMatchObject({
      ballotCount: 35,
      winningIndex: index,
      winningBallotId: ids[index!],
    });

    // The first process was only slow, not dead: it wakes and writes what it had. Nothing moves.
    const sealed = (await findDrawRowById(ctx.db, draw.id))!;
    await recordSeal(ctx.db, { id: draw.id, count: 34, root: 'ab'.repeat(32), pages: [], at: 0 });
    const late = await ctx.db.transaction().execute((tx) =>
      recordDrawResult(tx, {
        draw_id: draw.id,
        ballot_count: 34,
        merkle_root: 'ab'.repeat(32),
        winning_index: 0,
        winning_ballot_id: ids[0]!,
        beacon_randomness: null,
        beacon_signature: null,
        drawn_at: ctx.clock.now(),
      }),
    );
    expect(late).toBe(false);
    expect(await findDrawRowById(ctx.db, draw.id)).toEqual(sealed);
    expect((await findDraw(ctx.db, lottery.id, '2026-03-10'))!.result).toEqual(result);
  });
});
