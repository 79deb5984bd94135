import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { Browser, participant, PASSWORD, startApi, type TestApi } from './support.js';

describe.each(dialects)('cross-site request forgery on %s', (dialect) => {
  let api: TestApi;
  let alice: Browser;
  beforeEach(async () => {
    api = await startApi(dialect);
    alice = await participant(api.app, 'alice');
  });
  afterEach(() => api.close());

  const createToken = (headers: Record<string, string>) =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      cookies: { lottery_session: alice.session! },
      headers,
      payload: {},
    });

  describe('a write with the session cookie', () => {
    it('is refused without an Origin header', async () => {
      const response = await createToken({});
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'csrf', status: 403, type: '/problems/csrf' });
    });

    it('is refused from a foreign Origin', async () => {
      const response = await createToken({ origin: 'https://evil.example' });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('csrf');
    });

    it('is refused when the browser says it is cross-site', async () => {
      expect((await createToken({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
      expect((await createToken({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    });

    it('is refused from an Origin that is not a plain origin (userinfo, a path, null)', async () => {
      for (const origin of [
        'http://user@localhost',
        'http://user:secret@localhost',
        'http://localhost/path',
        'null',
      ]) {
        const response = await createToken({ origin });
        expect(response.statusCode, origin).toBe(403);
        expect(response.json().code).toBe('csrf');
      }
    });

    it('is refused when the public URL is set, whatever Host the request names', async () => {
      const behindProxy = await startApi(dialect, { publicUrl: 'https://lottery.example/' });
      try {
        const bob = new Browser(behindProxy.app);
        const ours = { headers: { origin: 'https://lottery.example' } };
        await bob.post('/api/v1/participants', { username: 'bob', password: PASSWORD }, ours);
        await bob.post('/api/v1/sessions', { username: 'bob', password: PASSWORD }, ours);
        const forged = await behindProxy.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          cookies: { lottery_session: bob.session! },
          headers: { host: 'evil.example', origin: 'http://evil.example' },
          payload: {},
        });
        expect(forged.statusCode).toBe(403);
      } finally {
        await behindProxy.close();
      }
    });

    it('is accepted from our own Origin', async () => {
      expect((await createToken({ origin: 'http://localhost' })).statusCode).toBe(201);
      expect((await createToken({ origin: 'http://localhost:80' })).statusCode).toBe(201);
    });

    it('is accepted with Sec-Fetch-Site: same-origin', async () => {
      expect((await createToken({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    });

    it('must come from the public URL when one is configured', async () => {
      const behindProxy = await startApi(dialect, { publicUrl: 'https://lottery.example/' });
      try {
        const bob = new Browser(behindProxy.app);
        const headers = { headers: { origin: 'https://lottery.example' } };
        await bob.post('/api/v1/participants', { username: 'bob', password: PASSWORD }, headers);
        await bob.post('/api/v1/sessions', { username: 'bob', password: PASSWORD }, headers);
        expect((await bob.post('/api/v1/tokens', {}, headers)).statusCode).toBe(201);
        const local = await bob.post(
          '/api/v1/tokens',
          {},
          { headers: { origin: 'http://localhost' } },
        );
        expect(local.statusCode).toBe(403);
      } finally {
        await behindProxy.close();
      }
    });

    it('must be JSON, so an HTML form cannot forge one', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        cookies: { lottery_session: alice.session! },
        headers: {
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'name=x',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ code: 'unsupported-media-type' });
    });
  });

  describe('a Host header that names no host', () => {
    it('is refused with 400, before any Origin is compared with it', async () => {
      for (const host of ['exa mple', 'localhost/evil', 'user@localhost', '[::1']) {
        for (const origin of [undefined, 'null', `http://${host}`]) {
          const response = await createToken({ host, ...(origin ? { origin } : {}) });
          expect(response.statusCode, `${host} ${origin}`).toBe(400);
          expect(response.json()).toMatchObject({ code: 'bad-request' });
          expect(response.json().detail).toContain('Host header');
        }
        const read = await api.app.inject({ method: 'GET', url: '/healthz', headers: { host } });
        expect(read.statusCode).toBe(400);
      }
    });
  });

  describe('reads', () => {
    it('need no Origin', async () => {
      expect((await alice.get('/api/v1/me')).statusCode).toBe(200);
    });
  });

  describe('registration and login (no session yet)', () => {
    it('are refused from a foreign Origin (login CSRF)', async () => {
      const foreign = { headers: { origin: 'https://evil.example' } };
      const login = await new Browser(api.app).post(
        '/api/v1/sessions',
        { username: 'alice', password: PASSWORD },
        foreign,
      );
      expect(login.statusCode).toBe(403);
      expect(login.cookies).toEqual([]);
      const register = await new Browser(api.app).post(
        '/api/v1/participants',
        { username: 'mallory', password: PASSWORD },
        foreign,
      );
      expect(register.statusCode).toBe(403);
    });

    it('work from clients that send no Origin at all', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { username: 'alice', password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('a request with a bearer token', () => {
    it('needs neither Origin nor Sec-Fetch-Site', async () => {
      const token = (await createToken({ origin: 'http://localhost' })).json<{ token: string }>()
        .token;
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/v1/lotteries/1/ballots',
        headers: { authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' },
        payload: {},
      });
      // Past the CSRF check: refused only because there is no such lottery.
      expect(response.statusCode).toBe(404);
    });
  });
});
