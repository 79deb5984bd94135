import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { admin, createLottery, participant, type Browser } from './support.js';

/**
 * Anonymous reads of the lottery list and of a day's draws are answered before the app for as
 * long as the read cache keeps them (ADR 0009): exactly as the app answered, and never to anyone
 * else, never after a write made here, never once they expire.
 */
describe.each(dialects)('the response cache on %s', (dialect) => {
  let server: TestServer;
  let operator: Browser;
  let lotteryId: number;
  const start = async (readCacheMs: number) => {
    server = await startTestServer({
      dialect,
      web: false,
      at: '2026-03-10T12:00:00Z',
      http: { readCacheMs },
    });
    operator = await admin(server);
    lotteryId = await createLottery(operator, { name: 'Daily' });
  };
  afterEach(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers });
  const names = async (response: Response) =>
    ((await response.json()) as { lotteries: { name: string }[] }).lotteries.map((l) => l.name);
  /** A change made behind this process's back (another instance, the CLI). */
  const renameElsewhere = (name: string) =>
    server.ctx.db.updateTable('lotteries').set({ name }).where('id', '=', lotteryId).execute();

  describe('within the read cache lifetime', () => {
    beforeEach(() => start(60_000));

    it('answers a repeated anonymous read exactly as the app did, Date aside', async () => {
      const first = await get('/api/v1/lotteries');
      expect(server.app.responseCache.drainHits()).toEqual(new Map());
      await renameElsewhere('Renamed elsewhere');
      const second = await get('/api/v1/lotteries');
      expect(server.app.responseCache.drainHits()).toEqual(new Map([['/api/v1/lotteries', 1]]));
      expect(await names(second)).toEqual(['Daily']);
      const headers = (r: Response) =>
        Object.fromEntries([...r.headers].filter(([name]) => name !== 'date'));
      expect(headers(second)).toEqual(headers(first));
      expect(second.headers.get('x-content-type-options')).toBe('nosniff');
      expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(second.headers.get('date')).toBe('Tue, 10 Mar 2026 12:00:00 GMT');
      server.ctx.clock.set('2026-03-10T12:00:05Z');
      expect((await get('/api/v1/lotteries')).headers.get('date')).toBe(
        'Tue, 10 Mar 2026 12:00:05 GMT',
      );
    });

    it('answers a client whose copy is current with 304, as the app does, and counts it apart', async () => {
      const url = '/api/v1/draws?date=2026-03-10';
      const first = await get(url);
      const tag = first.headers.get('etag')!;
      const fromApp = await get(url, { 'if-none-match': tag, cookie: 'unrelated=1' });
      server.app.responseCache.drainHits();
      const fromCache = await get(url, { 'if-none-match': tag });
      expect(server.app.responseCache.drainHits()).toEqual(new Map([['304 /api/v1/draws', 1]]));
      for (const response of [fromApp, fromCache]) {
        expect(response.status).toBe(304);
        expect(await response.text()).toBe('');
        expect(response.headers.get('etag')).toBe(tag);
        expect(response.headers.get('cache-control')).toBeNull();
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-type')).toBeNull();
      }
      const stale = await get(url, { 'if-none-match': '"an older copy"' });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe(await first.text());
    });

    it('keeps each URL apart, query included', async () => {
      await get('/api/v1/draws?date=2026-03-10');
      await renameElsewhere('Renamed elsewhere');
      const other = (await (await get('/api/v1/draws?date=2026-03-11')).json()) as {
        date: string;
      };
      expect(other.date).toBe('2026-03-11');
      const day = (await (await get('/api/v1/draws?date=2026-03-10')).json()) as {
        draws: { lotteryName: string }[];
      };
      expect(day.draws.map((d) => d.lotteryName)).toEqual(['Daily']);
    });

    it('never answers a caller with a cookie or a token from it', async () => {
      const alice = await participant(server.app, 'alice');
      await get('/api/v1/lotteries');
      const withCookie = (await (
        await get('/api/v1/lotteries', { cookie: `lottery_session=${alice.session!}` })
      ).json()) as { lotteries: { myBallots?: unknown }[] };
      // Hers, with her own ballot counts: not the anonymous answer.
      expect(withCookie.lotteries[0]?.myBallots).toBeDefined();
      const withToken = await get('/api/v1/lotteries', { authorization: 'Bearer not-a-token' });
      expect(withToken.status).toBe(401);
      const anonymous = (await (await get('/api/v1/lotteries')).json()) as {
        lotteries: { myBallots?: unknown }[];
      };
      expect(anonymous.lotteries[0]?.myBallots).toBeUndefined();
    });

    it('never keeps the answer to a caller with a cookie', async () => {
      const alice = await participant(server.app, 'alice');
      await get('/api/v1/lotteries', { cookie: `lottery_session=${alice.session!}` });
      const anonymous = (await (await get('/api/v1/lotteries')).json()) as {
        lotteries: { myBallots?: unknown }[];
      };
      expect(anonymous.lotteries[0]?.myBallots).toBeUndefined();
    });

    it('forgets everything at once after a write made through this process', async () => {
      await get('/api/v1/lotteries');
      const response = await operator.patch(`/api/v1/lotteries/${lotteryId}`, {
        name: 'Renamed here',
      });
      expect(response.statusCode).toBe(200);
      expect(await names(await get('/api/v1/lotteries'))).toEqual(['Renamed here']);
    });

    it('keeps no refusal, and answers other methods through the app', async () => {
      expect((await get('/api/v1/draws?date=2026-02-30')).status).toBe(400);
      expect((await get('/api/v1/draws?date=2026-02-30')).status).toBe(400);
      await get('/api/v1/lotteries');
      const head = await fetch(`${server.url}/api/v1/lotteries`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const post = await fetch(`${server.url}/api/v1/lotteries`, { method: 'POST' });
      expect(post.status).toBe(401);
    });
  });

  it('serves nothing older than the read cache lifetime', async () => {
    await start(100);
    await get('/api/v1/lotteries');
    await renameElsewhere('Renamed elsewhere');
    await new Promise((r) => setTimeout(r, 150));
    expect(await names(await get('/api/v1/lotteries'))).toEqual(['Renamed elsewhere']);
  });

  it('keeps nothing when the read cache is off', async () => {
    await start(0);
    await get('/api/v1/lotteries');
    await renameElsewhere('Renamed elsewhere');
    expect(await names(await get('/api/v1/lotteries'))).toEqual(['Renamed elsewhere']);
  });
});
