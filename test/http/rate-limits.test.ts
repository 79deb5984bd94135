import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { dialects } from '../support/databases.js';
import { Browser, PASSWORD, startApi, type TestApi } from './support.js';

const limits = {
  registrationsPerHour: 3,
  failedLoginsPerHourPerAddress: 5,
  failedLoginsPerAccount: 3,
};

describe.each(dialects)('rate limits on %s', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi(dialect, { rateLimits: limits });
    // Five minutes into the hour and into a quarter-hour window.
    api.ctx.clock.set('2026-03-10T12:05:00Z');
  });
  afterEach(() => api.close());

  const from = (remoteAddress: string) => ({ remoteAddress });

  describe('registrations per client address', () => {
    const register = (username: string, address = '203.0.113.1') =>
      new Browser(api.app).post(
        '/api/v1/participants',
        { username, password: PASSWORD },
        from(address),
      );

    it('refuses one too many with 429 and Retry-After until the hour ends', async () => {
      for (const name of ['ann', 'ben', 'cat']) expect((await register(name)).statusCode).toBe(201);
      const refused = await register('dan');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('3300');
      expect(refused.json()).toMatchObject({ code: 'rate-limited', status: 429, retryAfter: 3300 });
    });

    it('does not hold other addresses back', async () => {
      for (const name of ['ann', 'ben', 'cat', 'dan']) await register(name);
      expect((await register('eve', '203.0.113.2')).statusCode).toBe(201);
    });

    it('lets the address register again in the next window', async () => {
      for (const name of ['ann', 'ben', 'cat', 'dan']) await register(name);
      api.ctx.clock.set('2026-03-10T13:00:00Z');
      expect((await register('dan')).statusCode).toBe(201);
    });

    it('holds across instances sharing the database', async () => {
      const other = await buildApp(api.ctx, { rateLimits: limits });
      try {
        for (const name of ['ann', 'ben']) await register(name);
        const response = await new Browser(other).post(
          '/api/v1/participants',
          { username: 'cat', password: PASSWORD },
          from('203.0.113.1'),
        );
        expect(response.statusCode).toBe(201);
        expect((await register('dan')).statusCode).toBe(429);
      } finally {
        await other.close();
      }
    });
  });

  describe('failed logins per account', () => {
    beforeEach(async () => {
      await new Browser(api.app).register('alice');
    });

    const logIn = (password: string, address = '203.0.113.1') =>
      new Browser(api.app).post('/api/v1/sessions', { username: 'alice', password }, from(address));

    it('slow the account down after too many, even for the right password from elsewhere', async () => {
      for (let i = 0; i < 3; i++) expect((await logIn('wrong password')).statusCode).toBe(401);
      const refused = await logIn(PASSWORD, '198.51.100.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('600');
      expect(refused.cookies).toEqual([]);
    });

    it('let a correct login through once the window has passed', async () => {
      for (let i = 0; i < 4; i++) await logIn('wrong password');
      api.ctx.clock.set('2026-03-10T12:15:00Z');
      expect((await logIn(PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    });

    it('count unknown usernames the same way, revealing nothing', async () => {
      const ghost = () =>
        new Browser(api.app).post(
          '/api/v1/sessions',
          { username: 'ghost', password: 'x' },
          from('203.0.113.9'),
        );
      for (let i = 0; i < 3; i++) expect((await ghost()).statusCode).toBe(401);
      expect((await ghost()).statusCode).toBe(429);
    });
  });

  describe('failed logins per client address', () => {
    it('refuse that address across accounts, but not others', async () => {
      for (const name of ['ann', 'ben']) await new Browser(api.app).register(name);
      const attempt = (username: string, address = '203.0.113.1') =>
        new Browser(api.app).post(
          '/api/v1/sessions',
          { username, password: 'wrong' },
          from(address),
        );
      for (const name of ['ann', 'ben', 'ann', 'ben', 'carl']) {
        expect((await attempt(name)).statusCode).toBe(401);
      }
      const refused = await attempt('dora');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('3300');
      expect((await attempt('dora', '203.0.113.2')).statusCode).toBe(401);
    });
  });

  describe('behind a trusted proxy', () => {
    it('the client address comes from X-Forwarded-For', async () => {
      const proxied = await startApi(dialect, { rateLimits: limits, trustProxy: true });
      try {
        const register = (username: string, client: string) =>
          new Browser(proxied.app).post(
            '/api/v1/participants',
            { username, password: PASSWORD },
            { headers: { 'x-forwarded-for': client } },
          );
        for (const name of ['ann', 'ben', 'cat']) await register(name, '192.0.2.1');
        expect((await register('dan', '192.0.2.1')).statusCode).toBe(429);
        expect((await register('dan', '192.0.2.2')).statusCode).toBe(201);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('by default', () => {
    it('an account is slowed down after 10 failed logins in 15 minutes', async () => {
      const defaults = await startApi(dialect);
      try {
        await new Browser(defaults.app).register('alice');
        const attempt = (password: string) =>
          new Browser(defaults.app).post('/api/v1/sessions', { username: 'alice', password });
        for (let i = 0; i < 10; i++) expect((await attempt('wrong')).statusCode).toBe(401);
        const refused = await attempt(PASSWORD);
        expect(refused.statusCode).toBe(429);
        expect(refused.headers['retry-after']).toBe('900');
      } finally {
        await defaults.close();
      }
    });
  });
});
