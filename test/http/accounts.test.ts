import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { Browser, participant, PASSWORD, startApi, type TestApi } from './support.js';

const DAY = 86_400_000;

describe.each(dialects)('accounts and sessions on %s', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi(dialect);
  });
  afterEach(() => api.close());

  describe('registration', () => {
    it('creates a participant and never shows the password or its hash', async () => {
      const response = await new Browser(api.app).register('alice');
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        id: expect.any(Number),
        username: 'alice',
        role: 'participant',
        createdAt: '2026-03-10T12:00:00.000Z',
      });
      expect(response.body).not.toContain(PASSWORD);
      expect(response.body).not.toContain('argon2');
    });

    it('refuses a username that is taken, ignoring case', async () => {
      await new Browser(api.app).register('alice');
      const response = await new Browser(api.app).register('ALICE');
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'username-taken', status: 409 });
    });

    it('refuses a common password and says so', async () => {
      const response = await new Browser(api.app).register('alice', 'password123');
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors).toEqual([
        { field: '/password', message: expect.stringContaining('most common passwords') },
      ]);
    });

    it('lists every field to fix at once', async () => {
      const response = await new Browser(api.app).register('a!', 'short');
      expect(response.statusCode).toBe(400);
      const fields = response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(new Set(fields)).toEqual(new Set(['/username', '/password']));
    });
  });

  describe('logging in', () => {
    beforeEach(async () => {
      await new Browser(api.app).register('alice');
    });

    it('sets an HttpOnly, SameSite=Lax session cookie holding a random 32-byte id', async () => {
      const response = await new Browser(api.app).logIn('alice');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        participant: expect.objectContaining({ username: 'alice' }),
      });
      expect(response.body).not.toContain(PASSWORD);
      expect(response.body).not.toContain('argon2');
      const cookie = response.cookies.find((c) => c.name === 'lottery_session')!;
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeUndefined();
    });

    it('stores only the SHA-256 of the session id', async () => {
      const browser = new Browser(api.app);
      await browser.logIn('alice');
      const rows = await api.ctx.db.selectFrom('sessions').select('id_hash').execute();
      expect(rows).toEqual([
        { id_hash: createHash('sha256').update(browser.session!).digest('hex') },
      ]);
    });

    it('gives the same answer for an unknown user and a wrong password', async () => {
      const unknown = await new Browser(api.app).logIn('nobody', 'whatever password');
      const wrong = await new Browser(api.app).logIn('alice', 'whatever password');
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.body).toBe(wrong.body);
      expect(unknown.cookies).toEqual([]);
    });

    it('issues a new session id at every login and ends the one the browser held', async () => {
      const browser = new Browser(api.app);
      await browser.logIn('alice');
      const first = browser.session!;
      await browser.logIn('alice');
      expect(browser.session).not.toBe(first);

      const stale = new Browser(api.app);
      stale.session = first;
      expect((await stale.get('/api/v1/me')).statusCode).toBe(401);
      expect(await api.ctx.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
    });
  });

  describe('the session cookie is Secure', () => {
    it('when the public URL is https', async () => {
      const secure = await startApi(dialect, { publicUrl: 'https://lottery.example' });
      try {
        const origin = { headers: { origin: 'https://lottery.example' } };
        const browser = new Browser(secure.app);
        await browser.post(
          '/api/v1/participants',
          { username: 'alice', password: PASSWORD },
          origin,
        );
        const response = await browser.post(
          '/api/v1/sessions',
          { username: 'alice', password: PASSWORD },
          origin,
        );
        expect(response.statusCode).toBe(200);
        expect(response.cookies[0]?.secure).toBe(true);
      } finally {
        await secure.close();
      }
    });

    it('when a trusted proxy says the request came over https', async () => {
      const proxied = await startApi(dialect, { trustProxy: true });
      try {
        const browser = new Browser(proxied.app);
        await browser.register('alice');
        expect((await browser.logIn('alice')).cookies[0]?.secure).toBeUndefined();
        const https = await browser.post(
          '/api/v1/sessions',
          { username: 'alice', password: PASSWORD },
          {
            headers: {
              'x-forwarded-proto': 'https',
              host: 'lottery.example',
              origin: 'https://lottery.example',
            },
          },
        );
        expect(https.statusCode).toBe(200);
        expect(https.cookies[0]?.secure).toBe(true);
      } finally {
        await proxied.close();
      }
    });

    it('but not when an untrusted client claims https', async () => {
      const browser = new Browser(api.app);
      await browser.register('alice');
      const response = await browser.post(
        '/api/v1/sessions',
        { username: 'alice', password: PASSWORD },
        { headers: { 'x-forwarded-proto': 'https' } },
      );
      expect(response.cookies[0]?.secure).toBeUndefined();
    });
  });

  describe('who am I', () => {
    it('answers with the logged-in participant', async () => {
      const alice = await participant(api.app, 'alice');
      const response = await alice.get('/api/v1/me');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ username: 'alice', role: 'participant' });
    });

    it('is 401 without a session', async () => {
      const response = await new Browser(api.app).get('/api/v1/me');
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
    });

    it('is 401 with a made-up session id', async () => {
      const browser = new Browser(api.app);
      browser.session = 'A'.repeat(43);
      expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
    });
  });

  describe('logging out', () => {
    it('ends the session and clears the cookie', async () => {
      const alice = await participant(api.app, 'alice');
      const session = alice.session!;
      const response = await alice.delete('/api/v1/sessions/current');
      expect(response.statusCode).toBe(204);
      expect(response.cookies.find((c) => c.name === 'lottery_session')?.value).toBe('');

      const replay = new Browser(api.app);
      replay.session = session;
      expect((await replay.get('/api/v1/me')).statusCode).toBe(401);
    });
  });

  describe('session lifetime', () => {
    it('ends a session left unused for 7 days', async () => {
      const alice = await participant(api.app, 'alice');
      api.ctx.clock.advance(7 * DAY - 1);
      expect((await alice.get('/api/v1/me')).statusCode).toBe(200);
      api.ctx.clock.advance(7 * DAY);
      expect((await alice.get('/api/v1/me')).statusCode).toBe(401);
    });

    it('keeps a session in use alive, but not past 30 days after login', async () => {
      const alice = await participant(api.app, 'alice');
      for (let day = 6; day < 30; day += 6) {
        api.ctx.clock.set(Date.parse('2026-03-10T12:00:00Z') + day * DAY);
        expect((await alice.get('/api/v1/me')).statusCode).toBe(200);
      }
      api.ctx.clock.set(Date.parse('2026-03-10T12:00:00Z') + 30 * DAY);
      expect((await alice.get('/api/v1/me')).statusCode).toBe(401);
    });

    it('records use at most once a minute', async () => {
      const alice = await participant(api.app, 'alice');
      const lastSeen = async () =>
        (await api.ctx.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow())
          .last_seen_at;
      const loggedInAt = await lastSeen();
      api.ctx.clock.advance(30_000);
      await alice.get('/api/v1/me');
      expect(await lastSeen()).toBe(loggedInAt);
      api.ctx.clock.advance(31_000);
      await alice.get('/api/v1/me');
      expect(await lastSeen()).toBe(loggedInAt + 61_000);
    });

    it('follows the configured lifetimes', async () => {
      const short = await startApi(dialect, { session: { idleMs: 60_000, absoluteMs: 3_600_000 } });
      try {
        const alice = await participant(short.app, 'alice');
        short.ctx.clock.advance(61_000);
        expect((await alice.get('/api/v1/me')).statusCode).toBe(401);
      } finally {
        await short.close();
      }
    });
  });

  describe('changing the password', () => {
    const change = { currentPassword: PASSWORD, newPassword: 'a brand new secret' };

    it('keeps this session, ends the others, and the new password works', async () => {
      const laptop = await participant(api.app, 'alice');
      const phone = new Browser(api.app);
      await phone.logIn('alice');

      const changed = await laptop.put('/api/v1/me/password', change);
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 0 });
      expect((await laptop.get('/api/v1/me')).statusCode).toBe(200);
      expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
      expect((await new Browser(api.app).logIn('alice', PASSWORD)).statusCode).toBe(401);
      expect((await new Browser(api.app).logIn('alice', change.newPassword)).statusCode).toBe(200);
    });

    it('revokes every API token, at once even where this instance remembered it, and says so', async () => {
      const cached = await startApi(dialect, { credentialCacheMs: 60_000 });
      try {
        const alice = await participant(cached.app, 'alice');
        const tokens: string[] = [];
        for (const name of ['script', 'phone']) {
          tokens.push(
            (await alice.post('/api/v1/tokens', { name })).json<{ token: string }>().token,
          );
        }
        const asToken = (token: string) =>
          cached.app.inject({
            method: 'GET',
            url: '/api/v1/me',
            headers: { authorization: `Bearer ${token}` },
          });
        // Used once, so this instance remembers who the tokens belong to.
        for (const token of tokens) expect((await asToken(token)).statusCode).toBe(200);

        const changed = await alice.put('/api/v1/me/password', change);
        expect(changed.statusCode).toBe(200);
        expect(changed.json()).toEqual({ sessionsEnded: 0, tokensRevoked: 2 });
        for (const token of tokens) expect((await asToken(token)).statusCode).toBe(401);
        expect((await alice.get('/api/v1/tokens')).json()).toEqual({ tokens: [] });
        // This session stays, and a token made afterwards works.
        const fresh = (await alice.post('/api/v1/tokens', {})).json<{ token: string }>().token;
        expect((await asToken(fresh)).statusCode).toBe(200);
      } finally {
        await cached.close();
      }
    });

    it('made with a token, ends every session and revokes every token, that one included', async () => {
      const alice = await participant(api.app, 'alice');
      const { token } = (await alice.post('/api/v1/tokens', {})).json<{ token: string }>();
      const changed = await api.app.inject({
        method: 'PUT',
        url: '/api/v1/me/password',
        headers: { authorization: `Bearer ${token}` },
        payload: change,
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
      expect((await alice.get('/api/v1/me')).statusCode).toBe(401);
    });

    it('changes nothing when the new password is refused', async () => {
      const alice = await participant(api.app, 'alice');
      const { token } = (await alice.post('/api/v1/tokens', {})).json<{ token: string }>();
      const phone = new Browser(api.app);
      await phone.logIn('alice');
      const refused = await alice.put('/api/v1/me/password', { ...change, newPassword: 'short' });
      expect(refused.statusCode).toBe(400);
      expect((await phone.get('/api/v1/me')).statusCode).toBe(200);
      const me = await api.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.statusCode).toBe(200);
    });

    it('says which field to fix when the current password is wrong', async () => {
      const alice = await participant(api.app, 'alice');
      const response = await alice.put('/api/v1/me/password', {
        ...change,
        currentPassword: 'not my password',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: '/currentPassword', message: expect.any(String) },
      ]);
    });

    it('refuses a common new password, naming the new password field', async () => {
      const alice = await participant(api.app, 'alice');
      const response = await alice.put('/api/v1/me/password', {
        ...change,
        newPassword: 'password1',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: '/newPassword', message: expect.stringContaining('most common') },
      ]);
    });

    it('is 401 without a session', async () => {
      const response = await new Browser(api.app).put('/api/v1/me/password', change);
      expect(response.statusCode).toBe(401);
    });
  });
});
