import { eachBallot } from '../support/ballot-runs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitBallots, submitBallotsOnce } from '../../src/app/ballots.js';
import { closeDueDraws } from '../../src/app/draws.js';
import { cancelLottery, createLottery, getLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { findDraw } from '../../src/db/repositories/draws.js';
import { isDomainError, type DomainError, type Participant } from '../../src/domain/index.js';
import {
  createTestContext,
  dialects,
  openSiblingContext,
  type TestContext,
} from '../support/databases.js';

describe.each(dialects)('a lottery day on %s', (dialect) => {
  let ctx: TestContext;
  let alice: Participant;
  let bob: Participant;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T12:00:00Z');
    alice = await registerParticipant(ctx, {
      username: 'alice',
      password: 'correct horse battery',
    });
    bob = await registerParticipant(ctx, { username: 'bob', password: 'correct horse battery' });
  });
  afterEach(() => ctx.dispose());

  it('opens today’s and tomorrow’s draws when a lottery is created', async () => {
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    expect(lottery.status).toBe('open');
    expect(lottery.today).toMatchObject({
      date: '2026-03-10',
      closesAt: Date.parse('2026-03-11T00:00:00Z'),
      ballotCount: 0,
    });
    expect(await findDraw(ctx.db, lottery.id, '2026-03-11')).toMatchObject({ status: 'open' });
  });

  it('gives each of many submissions sharing one commit its own ballots', async () => {
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    const submissions = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submitBallots(ctx, i % 2 === 0 ? alice : bob, lottery.id, 1 + ((i * 7) % 5)),
      ),
    );
    const owners = new Map(
      eachBallot(
        await ctx.db.selectFrom('ballots').select(['id', 'quantity', 'participant_id']).execute(),
      ).map((r) => [r.id, r.participant_id]),
    );
    submissions.forEach((submitted, i) => {
      expect(submitted.ballotIds).toHaveLength(1 + ((i * 7) % 5));
      for (const id of submitted.ballotIds) {
        expect(owners.get(id)).toBe(i % 2 === 0 ? alice.id : bob.id);
      }
    });
    const all = submissions.flatMap((s) => s.ballotIds);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(owners.size);
    // The live count kept in step in the same commits.
    expect((await getLottery(ctx, lottery.id)).today?.ballotCount).toBe(all.length);
  });

  describe('when one commit holds submissions whose draws fare differently', () => {
    const drawOf = async (lotteryId: number, date: string) =>
      (await findDraw(ctx.db, lotteryId, date))!.id;
    const storedIn = async (ballotIds: number[]) =>
      eachBallot(
        await ctx.db
          .selectFrom('ballots')
          .select(['id', 'quantity', 'draw_id', 'participant_id'])
          .execute(),
      )
        .filter((b) => ballotIds.includes(b.id))
        .map((b) => [b.draw_id, b.participant_id]);

    it('stores each accepted one in its own draw and tells the refused one why', async () => {
      const [first, second, cancelled] = await Promise.all(
        ['First', 'Second', 'Cancelled'].map((name) =>
          createLottery(ctx, { name, startsOn: '2026-03-10' }),
        ),
      );
      // The lotteries are remembered, so the submissions below queue in one turn, for one commit;
      // another instance cancels one, which this one still remembers as open.
      for (const lottery of [first!, second!, cancelled!]) {
        await submitBallots(ctx, alice, lottery.id, 1);
      }
      const other = openSiblingContext(ctx);
      await cancelLottery(other, cancelled!.id);
      await other.close();

      const [a, b, c, keyed] = await Promise.allSettled([
        submitBallots(ctx, alice, first!.id, 2),
        submitBallots(ctx, bob, second!.id, 3),
        submitBallots(ctx, bob, cancelled!.id, 1),
        submitBallotsOnce(ctx, bob, first!.id, 4, { key: 'k-1', requestHash: 'h-1' }),
      ]);
      const today = '2026-03-10';
      expect(a).toMatchObject({ status: 'fulfilled', value: { drawDate: today } });
      expect(b).toMatchObject({ status: 'fulfilled', value: { drawDate: today } });
      expect(keyed).toMatchObject({ status: 'fulfilled', value: { drawDate: today } });
      expect(c.status === 'rejected' && isDomainError(c.reason, 'lottery-not-open')).toBe(true);
      expect(c.status === 'rejected' && (c.reason as DomainError).details).toEqual({
        status: 'cancelled',
      });

      const [firstDraw, secondDraw] = [
        await drawOf(first!.id, today),
        await drawOf(second!.id, today),
      ];
      const fulfilled = <T>(r: PromiseSettledResult<T>) =>
        r.status === 'fulfilled' ? r.value : undefined;
      expect(fulfilled(a)).toMatchObject({ drawId: firstDraw });
      expect(fulfilled(b)).toMatchObject({ drawId: secondDraw });
      expect(await storedIn(fulfilled(a)!.ballotIds)).toEqual([
        [firstDraw, alice.id],
        [firstDraw, alice.id],
      ]);
      expect(await storedIn(fulfilled(b)!.ballotIds)).toEqual(Array(3).fill([secondDraw, bob.id]));
      const keyedIds = (fulfilled(keyed) as { ballotIds: number[] }).ballotIds;
      expect(await storedIn(keyedIds)).toEqual(Array(4).fill([firstDraw, bob.id]));
      // The key was claimed with what it stored: a retry stores nothing more.
      expect(
        await submitBallotsOnce(ctx, bob, first!.id, 4, { key: 'k-1', requestHash: 'h-1' }),
      ).toBe('duplicate');
      expect((await getLottery(ctx, first!.id)).today?.ballotCount).toBe(1 + 2 + 4);
      expect((await getLottery(ctx, second!.id)).today?.ballotCount).toBe(1 + 3);
      // Only the ballot from before the cancellation.
      const inCancelled = eachBallot(
        await ctx.db
          .selectFrom('ballots')
          .select(['id', 'quantity'])
          .where('lottery_id', '=', cancelled!.id)
          .execute(),
      );
      expect(inCancelled).toHaveLength(1);
    });

    it('sends one to the next day when its draw closed under it, and keeps the others in today’s', async () => {
      const [early, daily] = await Promise.all(
        ['Early', 'Daily'].map((name) => createLottery(ctx, { name, startsOn: '2026-03-10' })),
      );
      for (const lottery of [early!, daily!]) await submitBallots(ctx, alice, lottery.id, 1);
      // Another instance, its clock slightly ahead, has closed today's draw of one lottery.
      await ctx.db
        .updateTable('draws')
        .set({ status: 'closed', closed_at: ctx.clock.now() })
        .where('id', '=', await drawOf(early!.id, '2026-03-10'))
        .execute();

      const [moved, kept] = await Promise.all([
        submitBallots(ctx, bob, early!.id, 2),
        submitBallots(ctx, bob, daily!.id, 2),
      ]);
      expect(moved).toMatchObject({
        drawDate: '2026-03-11',
        drawId: await drawOf(early!.id, '2026-03-11'),
      });
      expect(kept).toMatchObject({
        drawDate: '2026-03-10',
        drawId: await drawOf(daily!.id, '2026-03-10'),
      });
      expect(await storedIn(moved.ballotIds)).toEqual(Array(2).fill([moved.drawId, bob.id]));
      expect(await storedIn(kept.ballotIds)).toEqual(Array(2).fill([kept.drawId, bob.id]));
    });
  });

  it('puts ballots in today’s draw and draws one winner among them after midnight', async () => {
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    const a = await submitBallots(ctx, alice, lottery.id, 3);
    const b = await submitBallots(ctx, bob, lottery.id, 2);
    expect(a.drawDate).toBe('2026-03-10');
    expect(a.ballotIds).toHaveLength(3);
    expect((await getLottery(ctx, lottery.id)).today?.ballotCount).toBe(5);

    ctx.clock.set('2026-03-11T00:00:01Z');
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 1 });
    const draw = await findDraw(ctx.db, lottery.id, '2026-03-10');
    expect(draw?.status).toBe('drawn');
    expect(draw?.result?.ballotCount).toBe(5);
    expect([...a.ballotIds, ...b.ballotIds]).toContain(draw?.result?.winningBallotId);
  });

  it('sends a ballot submitted after midnight to the new day’s draw', async () => {
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    ctx.clock.set('2026-03-11T00:00:00Z');
    const late = await submitBallots(ctx, alice, lottery.id, 1);
    expect(late.drawDate).toBe('2026-03-11');
  });

  it('records that a draw without ballots had none', async () => {
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    ctx.clock.set('2026-03-11T00:00:01Z');
    await closeDueDraws(ctx);
    const draw = await findDraw(ctx.db, lottery.id, '2026-03-10');
    expect(draw?.result).toMatchObject({ ballotCount: 0, winningBallotId: null });
  });

  it('refuses ballots for a cancelled lottery', async () => {
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    await cancelLottery(ctx, lottery.id);
    await expect(submitBallots(ctx, alice, lottery.id, 1)).rejects.toSatisfy((e) =>
      isDomainError(e, 'lottery-not-open'),
    );
  });
});
