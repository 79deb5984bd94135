import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { dialects } from '../support/databases.js';
import { admin, Browser, createLottery, participant, startApi, type TestApi } from './support.js';

/** Issue 24, item 2: winners are told, until they dismiss the notice. */
describe.each(dialects)('the notice of my wins on %s', (dialect) => {
  let api: TestApi;
  let alice: Browser;
  let bob: Browser;
  let ids: { solo: number; shared: number };
  beforeEach(async () => {
    api = await startApi(dialect);
    const boss = await admin(api);
    ids = {
      solo: await createLottery(boss, { name: 'Solo' }),
      shared: await createLottery(boss, { name: 'Shared', timeZone: 'Asia/Tokyo' }),
    };
    alice = await participant(api.app, 'alice');
    bob = await participant(api.app, 'bob');
  });
  afterEach(() => api.close());

  const submit = async (who: Browser, lotteryId: number, quantity: number) => {
    const response = await who.post(`/api/v1/lotteries/${lotteryId}/ballots`, { quantity });
    expect(response.statusCode).toBe(201);
    return response.json<{ ballotIds: number[] }>().ballotIds;
  };
  const winsOf = async (who: Browser) => {
    const response = await who.get('/api/v1/me/wins');
    expect(response.statusCode).toBe(200);
    return response.json<{ wins: { lotteryName: string; ballotId: number; drawnAt: string }[] }>()
      .wins;
  };
  const midnight = async (iso: string) => {
    api.ctx.clock.set(iso);
    await closeDueDraws(api.ctx);
  };

  it('tells the winner alone, with the draw and the winning ballot, until dismissed', async () => {
    const mine = await submit(alice, ids.solo, 3);
    await submit(bob, ids.shared, 2);
    expect(await winsOf(alice)).toEqual([]);
    // Past midnight in UTC: Solo is drawn, and Alice held every ballot of it.
    await midnight('2026-03-11T00:05:00Z');
    const wins = await winsOf(alice);
    expect(wins).toEqual([
      {
        lotteryId: ids.solo,
        lotteryName: 'Solo',
        drawId: expect.any(Number),
        date: '2026-03-10',
        ballotId: expect.any(Number),
        ballotCount: 3,
        drawnAt: '2026-03-11T00:05:00.000Z',
      },
    ]);
    expect(mine).toContain(wins[0]!.ballotId);
    // Bob's lottery was drawn at midnight in Tokyo (15:00 UTC on the 10th): Bob won it.
    expect((await winsOf(bob)).map((w) => w.lotteryName)).toEqual(['Shared']);

    // It stays, visit after visit, until Alice dismisses it.
    expect(await winsOf(alice)).toHaveLength(1);
    const dismissed = await alice.post('/api/v1/me/wins/dismiss', { through: wins[0]!.drawnAt });
    expect(dismissed.statusCode).toBe(204);
    expect(await winsOf(alice)).toEqual([]);
    expect(await winsOf(bob)).toHaveLength(1);
  });

  it('keeps showing a win drawn after the one the page showed when dismissed', async () => {
    await submit(alice, ids.solo, 1);
    await submit(alice, ids.shared, 1);
    await midnight('2026-03-10T15:05:00Z');
    const seen = await winsOf(alice);
    expect(seen.map((w) => w.lotteryName)).toEqual(['Shared']);
    // Solo is drawn while the page still shows only Shared; then she dismisses what she saw.
    await midnight('2026-03-11T00:05:00Z');
    await alice.post('/api/v1/me/wins/dismiss', { through: seen[0]!.drawnAt });
    expect((await winsOf(alice)).map((w) => w.lotteryName)).toEqual(['Solo']);
    // A stale page dismissing an older win does not bring anything back, nor hide the new one.
    await alice.post('/api/v1/me/wins/dismiss', { through: '2026-03-01T00:00:00.000Z' });
    expect((await winsOf(alice)).map((w) => w.lotteryName)).toEqual(['Solo']);
  });

  it('tells only the holder of the winning ballot among several players', async () => {
    const alices = await submit(alice, ids.solo, 3);
    await submit(bob, ids.solo, 4);
    alices.push(...(await submit(alice, ids.solo, 2)));
    await midnight('2026-03-11T00:05:00Z');
    const draw = (await alice.get(`/api/v1/lotteries/${ids.solo}/draws/2026-03-10`)).json();
    const winner = draw.winningBallot as { id: number };
    const [aliceWins, bobWins] = [await winsOf(alice), await winsOf(bob)];
    expect(aliceWins.length + bobWins.length).toBe(1);
    expect((alices.includes(winner.id) ? aliceWins : bobWins)[0]).toMatchObject({
      ballotId: winner.id,
      ballotCount: 9,
    });
  });

  it('needs a login, and refuses a dismissal that is not an instant', async () => {
    const anonymous = new Browser(api.app);
    expect((await anonymous.get('/api/v1/me/wins')).statusCode).toBe(401);
    const bad = await alice.post('/api/v1/me/wins/dismiss', { through: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: '/through', message: expect.any(String) }),
    ]);
  });
});
