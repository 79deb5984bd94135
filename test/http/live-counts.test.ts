import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { admin, createLottery, participant, startApi, type TestApi } from './support.js';

/**
 * Issue 24, item 3: the lottery list kept showing the draw's count from before a participant's
 * own ballots (GET, POST, GET again: `today.ballotCount` unchanged while `myBallots` went up).
 * The read caches stay on here for a minute, so a count read from them could not be missed.
 */
describe.each(dialects)('a participant’s own ballots in the counts, on %s', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi(dialect, { readCacheMs: 60_000 });
  });
  afterEach(() => api.close());

  it('shows them in every count at once, whatever the read caches hold', async () => {
    const boss = await admin(api);
    const id = await createLottery(boss, { name: 'Daily' });
    const alice = await participant(api.app, 'alice');
    const bob = await participant(api.app, 'bob');
    const counts = async () => {
      const list = (await alice.get('/api/v1/lotteries')).json().lotteries[0];
      const one = (await alice.get(`/api/v1/lotteries/${id}`)).json();
      const day = (await alice.get('/api/v1/draws?date=2026-03-10')).json().draws[0];
      const draws = (await alice.get(`/api/v1/lotteries/${id}/draws`)).json().draws;
      const today = draws.find((d: { date: string }) => d.date === '2026-03-10');
      return {
        list: [list.today.ballotCount, list.myBallots.today, list.myBallots.total],
        lottery: [one.today.ballotCount, one.myBallots.today],
        day: day.ballotCount,
        draws: today.ballotCount,
      };
    };
    expect(await counts()).toEqual({ list: [0, 0, 0], lottery: [0, 0], day: 0, draws: 0 });
    // Bob's two, then Alice's three: each read right after its write.
    expect((await bob.post(`/api/v1/lotteries/${id}/ballots`, { quantity: 2 })).statusCode).toBe(
      201,
    );
    expect((await alice.post(`/api/v1/lotteries/${id}/ballots`, { quantity: 3 })).statusCode).toBe(
      201,
    );
    expect(await counts()).toEqual({ list: [5, 3, 3], lottery: [5, 3], day: 5, draws: 5 });
    expect((await alice.post(`/api/v1/lotteries/${id}/ballots`, { quantity: 1 })).statusCode).toBe(
      201,
    );
    expect(await counts()).toEqual({ list: [6, 4, 4], lottery: [6, 4], day: 6, draws: 6 });
  });
});
