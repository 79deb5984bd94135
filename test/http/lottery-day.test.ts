import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { dialects } from '../support/databases.js';
import { admin, Browser, createLottery, startApi, type TestApi } from './support.js';

describe.each(dialects)('a lottery day over HTTP on %s', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi(dialect);
  });
  afterEach(() => api.close());

  it('goes from registration to winners anyone can see', async () => {
    const boss = await admin(api);
    const morning = await createLottery(boss, { name: 'Morning' });
    const evening = await createLottery(boss, { name: 'Evening' });

    const carol = new Browser(api.app);
    expect((await carol.register('carol')).statusCode).toBe(201);
    expect((await carol.logIn('carol')).statusCode).toBe(200);
    const submissions = [
      (await carol.post(`/api/v1/lotteries/${morning}/ballots`, { quantity: 2 })).json(),
      (await carol.post(`/api/v1/lotteries/${evening}/ballots`, {})).json(),
    ] as { drawDate: string; quantity: number; ballotIds: number[] }[];
    expect(submissions.map((s) => [s.drawDate, s.quantity])).toEqual([
      ['2026-03-10', 2],
      ['2026-03-10', 1],
    ]);
    const submitted = submissions.flatMap((s) => s.ballotIds);

    api.ctx.clock.set('2026-03-11T00:00:05Z');
    expect(await closeDueDraws(api.ctx)).toMatchObject({ drawn: 2 });

    const anyone = new Browser(api.app);
    const latest = (await anyone.get('/api/v1/draws/latest-date')).json().date;
    expect(latest).toBe('2026-03-10');
    const day = await anyone.get(`/api/v1/draws?date=${latest}`);
    expect(day.statusCode).toBe(200);
    const draws = day.json().draws as {
      lotteryName: string;
      status: string;
      winningBallot: { id: number; username: string };
    }[];
    expect(draws.map((d) => [d.lotteryName, d.status])).toEqual([
      ['Evening', 'drawn'],
      ['Morning', 'drawn'],
    ]);
    for (const draw of draws) {
      expect(draw.winningBallot.username).toBe('carol');
      expect(submitted).toContain(draw.winningBallot.id);
    }

    const mine = (await carol.get('/api/v1/me/ballots')).json().ballots as { won: boolean }[];
    expect(mine.filter((b) => b.won)).toHaveLength(2);
  });

  it('puts a ballot sent just after midnight into the new day, whether or not the old day is drawn yet', async () => {
    const boss = await admin(api);
    const daily = await createLottery(boss, { name: 'Daily' });
    const dave = new Browser(api.app);
    await dave.register('dave');
    await dave.logIn('dave');
    const submit = async () =>
      (await dave.post(`/api/v1/lotteries/${daily}/ballots`, {})).json<{ drawDate: string }>();

    api.ctx.clock.set('2026-03-10T23:59:59.999Z');
    expect((await submit()).drawDate).toBe('2026-03-10');
    // Midnight has passed on the server's clock; the scheduler has not run yet.
    api.ctx.clock.set('2026-03-11T00:00:00.000Z');
    expect((await submit()).drawDate).toBe('2026-03-11');
    expect(await closeDueDraws(api.ctx)).toMatchObject({ drawn: 1 });
    api.ctx.clock.set('2026-03-11T00:00:01.000Z');
    expect((await submit()).drawDate).toBe('2026-03-11');

    const day = (await dave.get(`/api/v1/lotteries/${daily}/draws/2026-03-10`)).json<{
      ballotCount: number;
    }>();
    expect(day.ballotCount).toBe(1);
  });
});
