import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { commitment } from '../../src/fairness/commit.js';
import { dialects } from '../support/databases.js';
import { admin, Browser, createLottery, participant, startApi, type TestApi } from './support.js';

describe.each(dialects)('draws and winners on %s', (dialect) => {
  let api: TestApi;
  let boss: Browser;
  let alice: Browser;
  let visitor: Browser;
  let daily: number;
  beforeEach(async () => {
    api = await startApi(dialect);
    boss = await admin(api);
    alice = await participant(api.app, 'alice');
    visitor = new Browser(api.app);
    daily = await createLottery(boss, { name: 'Daily' });
  });
  afterEach(() => api.close());

  const drawTheDay = async () => {
    api.ctx.clock.set('2026-03-11T00:00:01Z');
    await closeDueDraws(api.ctx);
  };

  describe('the draws of a day', () => {
    it('shows today’s open draws with their ballots so far and no winner yet', async () => {
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 2 });
      const response = await visitor.get('/api/v1/draws?date=2026-03-10');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        date: '2026-03-10',
        draws: [
          {
            id: expect.any(Number),
            lotteryId: daily,
            lotteryName: 'Daily',
            date: '2026-03-10',
            status: 'open',
            opensAt: '2026-03-10T00:00:00.000Z',
            closesAt: '2026-03-11T00:00:00.000Z',
            closedAt: null,
            drawnAt: null,
            ballotCount: 2,
            winningBallot: null,
          },
        ],
      });
    });

    it('shows the winners once drawn, without a login', async () => {
      const ballotIds = (
        await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 3 })
      ).json().ballotIds as number[];
      await drawTheDay();
      const [draw] = (await visitor.get('/api/v1/draws?date=2026-03-10')).json().draws;
      expect(draw).toMatchObject({
        status: 'drawn',
        closedAt: '2026-03-11T00:00:01.000Z',
        ballotCount: 3,
        winningBallot: { id: expect.any(Number), username: 'alice' },
      });
      expect(ballotIds).toContain(draw.winningBallot.id);
    });

    it('keeps a drawn day correct while other days change', async () => {
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, {});
      api.ctx.clock.set('2026-03-13T00:00:01Z');
      await closeDueDraws(api.ctx);
      const first = (await visitor.get('/api/v1/draws?date=2026-03-10')).body;
      const again = (await visitor.get('/api/v1/draws?date=2026-03-10')).body;
      expect(again).toBe(first);

      await alice.post(`/api/v1/lotteries/${daily}/ballots`, {});
      const today = await visitor.get('/api/v1/draws?date=2026-03-13');
      expect(today.json().draws[0]).toMatchObject({ status: 'open', ballotCount: 1 });
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, {});
      expect((await visitor.get('/api/v1/draws?date=2026-03-13')).json().draws[0].ballotCount).toBe(
        2,
      );
    });

    it('tags the answer, and answers 304 without a body to a client whose copy is current', async () => {
      const url = '/api/v1/draws?date=2026-03-10';
      const first = await visitor.get(url);
      const tag = first.headers.etag as string;
      expect(tag).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
      // Today can still change: no freshness, so a cache that keeps it asks before each use.
      expect(first.headers['cache-control']).toBeUndefined();

      for (const ifNoneMatch of [tag, `W/${tag}`, `"elsewhere", ${tag}`, '*']) {
        const again = await visitor.get(url, { headers: { 'if-none-match': ifNoneMatch } });
        expect(again.statusCode, ifNoneMatch).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(tag);
        expect(again.headers['cache-control']).toBeUndefined();
      }
      const other = await visitor.get(url, { headers: { 'if-none-match': '"elsewhere"' } });
      expect(other.statusCode).toBe(200);
      expect(other.body).toBe(first.body);

      // A ballot changes the day: the old copy is no longer current.
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, {});
      const changed = await visitor.get(url, { headers: { 'if-none-match': tag } });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(tag);
      expect(changed.json().draws[0].ballotCount).toBe(1);
    });

    it('lets caches keep a settled day for a day', async () => {
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, {});
      await drawTheDay();
      // Drawn, but not yet over everywhere on Earth.
      const drawn = await visitor.get('/api/v1/draws?date=2026-03-10');
      expect(drawn.headers['cache-control']).toBeUndefined();
      api.ctx.clock.set('2026-03-13T00:00:00Z');
      const settled = await visitor.get('/api/v1/draws?date=2026-03-10');
      expect(settled.headers['cache-control']).toBe('public, max-age=86400');
      expect(settled.headers.etag).toBe(drawn.headers.etag);
    });

    it('is an empty list for a future date or a date without draws', async () => {
      for (const date of ['2026-03-11', '2030-01-01', '2020-01-01']) {
        const response = await visitor.get(`/api/v1/draws?date=${date}`);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ date, draws: [] });
      }
    });

    it('refuses a missing or invalid date', async () => {
      for (const query of ['', '?date=2026-02-30', '?date=tomorrow', '?date=2026-3-1']) {
        const response = await visitor.get(`/api/v1/draws${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().errors[0]).toMatchObject({ field: '/date', in: 'query' });
      }
    });
  });

  describe('the latest drawn date', () => {
    it('is null before the first draw, then the last day drawn', async () => {
      expect((await visitor.get('/api/v1/draws/latest-date')).json()).toEqual({ date: null });
      await drawTheDay();
      expect((await visitor.get('/api/v1/draws/latest-date')).json()).toEqual({
        date: '2026-03-10',
      });
    });
  });

  describe('a lottery’s draws', () => {
    it('lists them newest first, including tomorrow’s upcoming one, a page at a time', async () => {
      api.ctx.clock.set('2026-03-12T12:00:00Z');
      await closeDueDraws(api.ctx);
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, {});

      const first = await visitor.get(`/api/v1/lotteries/${daily}/draws?limit=2`);
      expect(first.statusCode).toBe(200);
      expect(
        first.json().draws.map((d: { date: string; status: string }) => [d.date, d.status]),
      ).toEqual([
        ['2026-03-13', 'upcoming'],
        ['2026-03-12', 'open'],
      ]);
      expect(first.json().next).toBe('2026-03-12');

      const second = (
        await visitor.get(`/api/v1/lotteries/${daily}/draws?limit=2&before=${first.json().next}`)
      ).json();
      expect(second.draws.map((d: { date: string; status: string }) => [d.date, d.status])).toEqual(
        [
          ['2026-03-11', 'drawn'],
          ['2026-03-10', 'drawn'],
        ],
      );
      expect(second.next).toBeNull();
    });

    it('is 404 for an unknown lottery', async () => {
      expect((await visitor.get('/api/v1/lotteries/999/draws')).statusCode).toBe(404);
    });
  });

  describe('one draw', () => {
    it('publishes the commitment before the draw and never the seed', async () => {
      const response = await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-10`);
      expect(response.statusCode).toBe(200);
      const draw = response.json();
      expect(draw).toMatchObject({
        lotteryId: daily,
        date: '2026-03-10',
        status: 'open',
        timeZone: 'UTC',
        opensAt: '2026-03-10T00:00:00.000Z',
        fairness: {
          version: 1,
          commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
          beaconRound: null,
          prevRecordHash: null,
          recordHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      });
      for (const hidden of ['seed', 'merkleRoot', 'count', 'winningIndex', 'winningBallotId']) {
        expect(draw.fairness).not.toHaveProperty(hidden);
      }
      const seed = await api.ctx.db
        .selectFrom('draws')
        .select('seed')
        .where('draw_date', '=', '2026-03-10')
        .executeTakeFirstOrThrow();
      expect(response.body).not.toContain(seed.seed);
    });

    it('shows tomorrow’s draw as upcoming, chained to today’s', async () => {
      const today = (await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-10`)).json();
      const tomorrow = (await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-11`)).json();
      expect(tomorrow.status).toBe('upcoming');
      expect(tomorrow.fairness.prevRecordHash).toBe(today.fairness.recordHash);
    });

    it('reveals the seed once drawn, and it matches the commitment', async () => {
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 4 });
      await drawTheDay();
      const draw = (await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-10`)).json();
      expect(draw).toMatchObject({
        status: 'drawn',
        ballotCount: 4,
        winningBallot: { username: 'alice' },
        fairness: {
          count: 4,
          merkleRoot: expect.stringMatching(/^[0-9a-f]{64}$/),
          seed: expect.stringMatching(/^[0-9a-f]{64}$/),
          winningIndex: expect.any(Number),
          winningBallotId: draw.winningBallot.id,
          beacon: null,
          beaconRandomness: null,
          beaconSignature: null,
        },
      });
      const recomputed = commitment(daily, '2026-03-10', Buffer.from(draw.fairness.seed, 'hex'));
      expect(recomputed.toString('hex')).toBe(draw.fairness.commitment);
    });

    it('is 404 when the lottery had no draw that day, or does not exist', async () => {
      const none = await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-01`);
      expect(none.statusCode).toBe(404);
      expect(none.json().code).toBe('draw-not-found');
      const unknown = await visitor.get('/api/v1/lotteries/999/draws/2026-03-10');
      expect(unknown.json().code).toBe('lottery-not-found');
    });

    it('is 400 for a date that is not a date', async () => {
      const response = await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-13-01`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0]).toMatchObject({ field: '/date', in: 'path' });
    });
  });
});
