import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { closeDueDraws } from '../../src/app/draws.js';
import { cancelLottery, createLottery, getLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { findDraw } from '../../src/db/repositories/draws.js';
import { isDomainError, type Participant } from '../../src/domain/index.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

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
      (await ctx.db.selectFrom('ballots').select(['id', 'participant_id']).execute()).map((r) => [
        r.id,
        r.participant_id,
      ]),
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
