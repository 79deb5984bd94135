import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { dialects } from '../support/databases.js';
import { Browser, PASSWORD, startApi, type TestApi } from './support.js';

const limits = {
  registrationsPerHour: 3,
  failedLoginsPerHourPerAddress: 5,
  failedLoginsPerAccount: 3,
  failedLoginsPerAccountPerHour: 6,
  guardedFailedLoginsPerAccount: 1,
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

  describe('failed logins for one account', () => {
    beforeEach(async () => {
      await new Browser(api.app).register('alice');
    });

    const logIn = (password: string, address = '203.0.113.1') =>
      new Browser(api.app).post('/api/v1/sessions', { username: 'alice', password }, from(address));

    it('slow down the address they come from, not the owner elsewhere', async () => {
      for (let i = 0; i < 3; i++) expect((await logIn('wrong password')).statusCode).toBe(401);
      const refused = await logIn('wrong password');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('600');
      expect(refused.json()).toMatchObject({ code: 'rate-limited', retryAfter: 600 });
      // The failing address is refused even the right password (unchecked: 429 reveals nothing)...
      const fromFailing = await logIn(PASSWORD);
      expect(fromFailing.statusCode).toBe(429);
      expect(fromFailing.cookies).toEqual([]);
      // ...while the owner, elsewhere, gets in at once.
      const owner = await logIn(PASSWORD, '198.51.100.7');
      expect(owner.statusCode).toBe(200);
      expect(owner.cookies.map((c) => c.name)).toContain('lottery_session');
    });

    it('let the failing address try again once its quarter-hour has passed', async () => {
      for (let i = 0; i < 4; i++) await logIn('wrong password');
      api.ctx.clock.set('2026-03-10T12:15:00Z');
      expect((await logIn(PASSWORD)).statusCode).toBe(200);
    });

    it('are forgiven for the address once the right password comes from it', async () => {
      for (let i = 0; i < 2; i++) expect((await logIn('typo')).statusCode).toBe(401);
      expect((await logIn(PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) expect((await logIn('typo')).statusCode).toBe(401);
      expect((await logIn('typo')).statusCode).toBe(429);
    });

    it('from many addresses put the account under guard: one try per new address, the owner still in', async () => {
      // Six failures from three addresses reach the account-wide limit for the hour.
      for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
        for (let i = 0; i < 2; i++) expect((await logIn('guess', address)).statusCode).toBe(401);
      }
      // Under guard, a new address gets its password checked once, then it is refused...
      expect((await logIn('guess', '192.0.2.4')).statusCode).toBe(401);
      expect((await logIn('guess', '192.0.2.4')).statusCode).toBe(429);
      // ...as is an address that already failed twice (under guard the allowance is 1).
      expect((await logIn('guess', '192.0.2.1')).statusCode).toBe(429);
      // The owner's right password from an address that has not been failing always gets in,
      expect((await logIn(PASSWORD, '198.51.100.7')).statusCode).toBe(200);
      // and logging in does not lift the guard for the guessers.
      expect((await logIn('guess', '192.0.2.5')).statusCode).toBe(401);
      expect((await logIn('guess', '192.0.2.5')).statusCode).toBe(429);
      // The next hour starts afresh.
      api.ctx.clock.set('2026-03-10T13:00:00Z');
      for (let i = 0; i < 3; i++) expect((await logIn('guess', '192.0.2.4')).statusCode).toBe(401);
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

    it('count an IPv6 client by its /64 network', async () => {
      expect((await logIn('guess', '2001:db8:0:1::1')).statusCode).toBe(401);
      expect((await logIn('guess', '2001:db8:0:1::2')).statusCode).toBe(401);
      expect((await logIn('guess', '2001:db8:0:1:ffff::3')).statusCode).toBe(401);
      expect((await logIn('guess', '2001:db8:0:1::4')).statusCode).toBe(429);
      expect((await logIn(PASSWORD, '2001:db8:0:2::1')).statusCode).toBe(200);
      // An IPv4-mapped address is the IPv4 address.
      for (let i = 0; i < 3; i++) await logIn('guess', '198.51.100.20');
      expect((await logIn(PASSWORD, '::ffff:198.51.100.20')).statusCode).toBe(429);
    });

    it('include a wrong current password in a password change', async () => {
      const alice = new Browser(api.app);
      await alice.logIn('alice');
      const change = (currentPassword: string) =>
        alice.put(
          '/api/v1/me/password',
          { currentPassword, newPassword: 'a brand new passphrase' },
          from('203.0.113.5'),
        );
      for (let i = 0; i < 3; i++) expect((await change('wrong')).statusCode).toBe(400);
      const refused = await change(PASSWORD);
      expect(refused.statusCode).toBe(429);
      expect((await logIn(PASSWORD, '203.0.113.5')).statusCode).toBe(429);
      expect((await logIn(PASSWORD, '203.0.113.6')).statusCode).toBe(200);
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
    it('an address is slowed down for an account after 10 failed logins in 15 minutes; the owner is not', async () => {
      const defaults = await startApi(dialect);
      try {
        await new Browser(defaults.app).register('alice');
        const attempt = (password: string, remoteAddress = '203.0.113.1') =>
          new Browser(defaults.app).post(
            '/api/v1/sessions',
            { username: 'alice', password },
            { remoteAddress },
          );
        for (let i = 0; i < 10; i++) expect((await attempt('wrong')).statusCode).toBe(401);
        const refused = await attempt(PASSWORD);
        expect(refused.statusCode).toBe(429);
        expect(refused.headers['retry-after']).toBe('900');
        expect((await attempt(PASSWORD, '198.51.100.7')).statusCode).toBe(200);
      } finally {
        await defaults.close();
      }
    });
  });
});
