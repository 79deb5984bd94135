import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { dialects } from '../support/databases.js';
import { admin, Browser, createLottery, participant, startApi, type TestApi } from './support.js';

interface Range {
  first: number;
  last: number;
}

/** Issue 24, item 7: my ballots draw by draw, as ranges and totals, for any number of ballots. */
describe.each(dialects)('my ballots draw by draw on %s', (dialect) => {
  let api: TestApi;
  let alice: Browser;
  let bob: Browser;
  let ids: { daily: number; tokyo: number };
  beforeEach(async () => {
    api = await startApi(dialect);
    const boss = await admin(api);
    ids = {
      daily: await createLottery(boss, { name: 'Daily' }),
      tokyo: await createLottery(boss, { name: 'Tokyo', timeZone: 'Asia/Tokyo' }),
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
  const rangeOf = (numbers: number[]): Range => ({
    first: numbers[0]!,
    last: numbers[numbers.length - 1]!,
  });
  const page = async (who: Browser, query = '') => {
    const response = await who.get(`/api/v1/me/draws${query}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('sums each draw and folds the numbers into ranges, the draw played last first', async () => {
    const first = await submit(alice, ids.daily, 3);
    await submit(bob, ids.daily, 2);
    const second = await submit(alice, ids.daily, 2);
    const tokyo = await submit(alice, ids.tokyo, 1);
    const { draws, next } = await page(alice);
    expect(next).toBeNull();
    expect(draws).toEqual([
      {
        drawId: expect.any(Number),
        lotteryId: ids.tokyo,
        lotteryName: 'Tokyo',
        date: '2026-03-10',
        status: 'open',
        ballots: 1,
        drawBallots: 1,
        firstId: tokyo[0],
        lastId: tokyo[0],
        firstSubmittedAt: '2026-03-10T12:00:00.000Z',
        lastSubmittedAt: '2026-03-10T12:00:00.000Z',
        wonWith: null,
        ranges: [rangeOf(tokyo)],
        rangesNext: null,
      },
      expect.objectContaining({
        lotteryName: 'Daily',
        ballots: 5,
        drawBallots: 7,
        firstId: first[0],
        lastId: second[1],
        ranges: [rangeOf(first), rangeOf(second)],
        rangesNext: null,
      }),
    ]);
    // Bob sees only his own.
    const bobs = (await page(bob)).draws;
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({ lotteryName: 'Daily', ballots: 2, drawBallots: 7 });
  });

  it('keeps the filters, pages with a cursor, and marks the draw won', async () => {
    await submit(alice, ids.daily, 2);
    api.ctx.clock.set('2026-03-11T12:00:00Z');
    await closeDueDraws(api.ctx);
    await submit(alice, ids.daily, 1);
    await submit(alice, ids.tokyo, 1);
    const onePage = await page(alice, '?limit=1');
    expect(onePage.draws.map((d: { lotteryName: string }) => d.lotteryName)).toEqual(['Tokyo']);
    const rest = await page(alice, `?limit=2&before=${onePage.next}`);
    expect(rest.next).toBeNull();
    expect(rest.draws.map((d: { date: string }) => d.date)).toEqual(['2026-03-11', '2026-03-10']);

    const daily = await page(alice, `?lotteryId=${ids.daily}`);
    expect(daily.draws.map((d: { date: string }) => d.date)).toEqual(['2026-03-11', '2026-03-10']);
    // Alice held every ballot of Daily on the 10th: she won it.
    expect(daily.draws[1]).toMatchObject({ status: 'drawn', wonWith: expect.any(Number) });
    expect(daily.draws[0].wonWith).toBeNull();
    const onDate = await page(alice, `?date=2026-03-10`);
    expect(onDate.draws.map((d: { lotteryName: string }) => d.lotteryName)).toEqual(['Daily']);
    expect((await page(alice, `?lotteryId=${ids.tokyo}&date=2026-03-10`)).draws).toEqual([]);
  });

  it('shows the first ranges of a draw, and the rest a page at a time', async () => {
    const mine: number[][] = [];
    for (let i = 0; i < 25; i++) {
      mine.push(await submit(alice, ids.daily, 2));
      await submit(bob, ids.daily, 1);
    }
    const [draw] = (await page(alice)).draws;
    expect(draw.ballots).toBe(50);
    expect(draw.ranges).toEqual(mine.slice(0, 20).map(rangeOf));
    expect(draw.rangesNext).toBe(mine[20]![0]);
    const rest = await alice.get(
      `/api/v1/me/draws/${draw.drawId}/ranges?from=${draw.rangesNext}&limit=3`,
    );
    expect(rest.json()).toEqual({ ranges: mine.slice(20, 23).map(rangeOf), next: mine[23]![0] });
    const last = await alice.get(`/api/v1/me/draws/${draw.drawId}/ranges?from=${mine[23]![0]}`);
    expect(last.json()).toEqual({ ranges: mine.slice(23).map(rangeOf), next: null });
    // Another participant's ranges in that draw are their own.
    const bobs = (await bob.get(`/api/v1/me/draws/${draw.drawId}/ranges`)).json();
    expect(bobs.ranges).toHaveLength(25);
    expect(bobs.ranges.every((r: Range) => r.first === r.last)).toBe(true);
  });

  it('needs a login and refuses bad filters', async () => {
    expect((await new Browser(api.app).get('/api/v1/me/draws')).statusCode).toBe(401);
    const bad = await alice.get('/api/v1/me/draws?date=2026-02-30&limit=0');
    expect(bad.statusCode).toBe(400);
    expect((await alice.get('/api/v1/me/draws/0/ranges')).statusCode).toBe(400);
  });
});
