import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { admin, Browser, createLottery, participant, startApi, type TestApi } from './support.js';

describe.each(dialects)('lotteries on %s', (dialect) => {
  let api: TestApi;
  let boss: Browser;
  let alice: Browser;
  let anonymous: Browser;
  beforeEach(async () => {
    api = await startApi(dialect);
    boss = await admin(api);
    alice = await participant(api.app, 'alice');
    anonymous = new Browser(api.app);
  });
  afterEach(() => api.close());

  describe('creating', () => {
    it('lets an admin create one, open today with today’s draw', async () => {
      const response = await boss.post('/api/v1/lotteries', {
        name: 'Daily',
        description: 'One winner a day',
        startsOn: '2026-03-10',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        id: expect.any(Number),
        name: 'Daily',
        description: 'One winner a day',
        startsOn: '2026-03-10',
        endsOn: null,
        timeZone: 'UTC',
        status: 'open',
        createdAt: '2026-03-10T12:00:00.000Z',
        cancelledAt: null,
        today: {
          drawId: expect.any(Number),
          date: '2026-03-10',
          opensAt: '2026-03-10T00:00:00.000Z',
          closesAt: '2026-03-11T00:00:00.000Z',
          ballotCount: 0,
        },
      });
    });

    it('is 401 for anonymous callers and 403 for participants', async () => {
      const input = { name: 'Daily', startsOn: '2026-03-10' };
      expect((await anonymous.post('/api/v1/lotteries', input)).statusCode).toBe(401);
      const forbidden = await alice.post('/api/v1/lotteries', input);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().code).toBe('forbidden');
    });

    it('refuses a name that is taken, ignoring case', async () => {
      await createLottery(boss, { name: 'Daily' });
      const response = await boss.post('/api/v1/lotteries', {
        name: 'DAILY',
        startsOn: '2026-03-10',
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('lottery-name-taken');
    });

    it('says which fields to fix', async () => {
      const past = await boss.post('/api/v1/lotteries', {
        name: 'Daily',
        startsOn: '2026-03-01',
        timeZone: 'Mars/Olympus',
      });
      expect(past.statusCode).toBe(400);
      expect(past.json().errors.map((e: { field: string }) => e.field)).toEqual(['/timeZone']);

      const response = await boss.post('/api/v1/lotteries', {
        name: 'Daily',
        startsOn: '2026-03-01',
      });
      expect(response.json().errors).toEqual([
        { field: '/startsOn', message: 'must be today (2026-03-10) or later' },
      ]);

      const malformed = await boss.post('/api/v1/lotteries', {
        startsOn: '10/03/2026',
        color: 'red',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors).toEqual(
        expect.arrayContaining([
          { field: '/name', message: 'is required' },
          { field: '/startsOn', message: 'must be a date as YYYY-MM-DD' },
          { field: '/color', message: 'is not a known field; remove it' },
        ]),
      );
    });
  });

  describe('reading', () => {
    it('lists lotteries for anyone, filtered by status', async () => {
      const daily = await createLottery(boss, { name: 'Daily' });
      const later = await createLottery(boss, { name: 'Later', startsOn: '2026-04-01' });
      const all = await anonymous.get('/api/v1/lotteries');
      expect(all.statusCode).toBe(200);
      expect(all.json().lotteries.map((l: { id: number }) => l.id)).toEqual([daily, later]);

      const upcoming = await anonymous.get('/api/v1/lotteries?status=upcoming');
      expect(upcoming.json().lotteries).toEqual([
        expect.objectContaining({ id: later, status: 'upcoming', today: null }),
      ]);
    });

    it('refuses an unknown status filter', async () => {
      const response = await anonymous.get('/api/v1/lotteries?status=paused');
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        {
          field: '/status',
          in: 'query',
          message: 'must be one of: upcoming, open, finished, cancelled',
        },
      ]);
    });

    it('shows one lottery, with the caller’s own ballots only when logged in', async () => {
      const id = await createLottery(boss);
      await alice.post(`/api/v1/lotteries/${id}/ballots`, { quantity: 3 });

      const mine = await alice.get(`/api/v1/lotteries/${id}`);
      expect(mine.json()).toMatchObject({
        id,
        today: { ballotCount: 3 },
        myBallots: { today: 3, total: 3 },
      });
      const theirs = await anonymous.get(`/api/v1/lotteries/${id}`);
      expect(theirs.json().today.ballotCount).toBe(3);
      expect(theirs.json()).not.toHaveProperty('myBallots');
      expect((await alice.get('/api/v1/lotteries')).json().lotteries[0].myBallots).toEqual({
        today: 3,
        total: 3,
      });
    });

    it('is 404 for an unknown lottery and 400 for an id that is not a positive integer', async () => {
      const missing = await anonymous.get('/api/v1/lotteries/999');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('lottery-not-found');
      for (const id of ['abc', '0', '-1', '1.5', '0x1', '1e3', '99999999999999999999']) {
        const response = await anonymous.get(`/api/v1/lotteries/${id}`);
        expect(response.statusCode, id).toBe(400);
        expect(response.json().errors[0]).toMatchObject({ field: '/id', in: 'path' });
      }
    });
  });

  describe('editing', () => {
    it('lets an admin rename a running lottery', async () => {
      const id = await createLottery(boss);
      const response = await boss.patch(`/api/v1/lotteries/${id}`, {
        name: 'Daily Draw',
        description: null,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id, name: 'Daily Draw', description: null });
    });

    it('refuses to move the first day once the lottery has started', async () => {
      const id = await createLottery(boss);
      const response = await boss.patch(`/api/v1/lotteries/${id}`, { startsOn: '2026-03-12' });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        code: 'lottery-not-editable',
        errors: [{ field: '/startsOn' }],
      });
    });

    it('is 404 for an unknown lottery, 401 anonymous, 403 for a participant', async () => {
      expect((await boss.patch('/api/v1/lotteries/999', { name: 'X' })).statusCode).toBe(404);
      const id = await createLottery(boss);
      expect((await anonymous.patch(`/api/v1/lotteries/${id}`, { name: 'X' })).statusCode).toBe(
        401,
      );
      expect((await alice.patch(`/api/v1/lotteries/${id}`, { name: 'X' })).statusCode).toBe(403);
    });

    it('refuses a taken name', async () => {
      await createLottery(boss, { name: 'Daily' });
      const id = await createLottery(boss, { name: 'Weekly' });
      const response = await boss.patch(`/api/v1/lotteries/${id}`, { name: 'daily' });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('lottery-name-taken');
    });
  });

  describe('cancelling', () => {
    it('lets an admin cancel a lottery once', async () => {
      const id = await createLottery(boss);
      const response = await boss.post(`/api/v1/lotteries/${id}/cancel`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'cancelled',
        cancelledAt: '2026-03-10T12:00:00.000Z',
      });
      const again = await boss.post(`/api/v1/lotteries/${id}/cancel`, {});
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('lottery-already-ended');
      const edit = await boss.patch(`/api/v1/lotteries/${id}`, { name: 'Too late' });
      expect(edit.json().code).toBe('lottery-not-editable');
    });

    it('is 401 anonymous, 403 for a participant, 404 for an unknown lottery', async () => {
      const id = await createLottery(boss);
      expect((await anonymous.post(`/api/v1/lotteries/${id}/cancel`)).statusCode).toBe(401);
      expect((await alice.post(`/api/v1/lotteries/${id}/cancel`)).statusCode).toBe(403);
      expect((await boss.post('/api/v1/lotteries/999/cancel')).statusCode).toBe(404);
    });
  });
});
