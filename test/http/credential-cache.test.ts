import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import {
  admin,
  Browser,
  createLottery,
  PASSWORD,
  participant,
  startApi,
  type TestApi,
} from './support.js';

/**
 * The server remembers who a cookie or token belongs to for a moment (credentialCacheMs), so a
 * busy client costs one lookup per moment. Nothing it does itself may be seen late.
 */
describe.each(dialects)('remembered credentials on %s', (dialect) => {
  let api: TestApi;
  let alice: Browser;
  beforeEach(async () => {
    api = await startApi(dialect, { credentialCacheMs: 60_000 });
    alice = await participant(api.app, 'alice');
  });
  afterEach(() => api.close());

  const withToken = (token: string, url = '/api/v1/me') =>
    api.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

  const newToken = async () => {
    const response = await alice.post('/api/v1/tokens', {});
    expect(response.statusCode).toBe(201);
    return response.json<{ id: number; token: string }>();
  };

  it('answers a known session from memory, without looking it up again', async () => {
    expect((await alice.get('/api/v1/me')).statusCode).toBe(200);
    // Gone from the database behind the server's back (another instance logged it out):
    await api.ctx.db.deleteFrom('sessions').execute();
    expect((await alice.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('forgets a session at once when it is logged out here', async () => {
    const session = alice.session!;
    expect((await alice.get('/api/v1/me')).statusCode).toBe(200);
    expect((await alice.delete('/api/v1/sessions/current')).statusCode).toBe(204);
    const stale = new Browser(api.app);
    stale.session = session;
    expect((await stale.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses a token at once when it is revoked here', async () => {
    const { id, token } = await newToken();
    expect((await withToken(token)).statusCode).toBe(200);
    expect((await alice.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
    expect((await withToken(token)).statusCode).toBe(401);
  });

  it('ends the other sessions at once when the password is changed here', async () => {
    const laptop = new Browser(api.app);
    await laptop.logIn('alice');
    expect((await laptop.get('/api/v1/me')).statusCode).toBe(200);
    const changed = await alice.put('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'an entirely new passphrase',
    });
    expect(changed.statusCode).toBe(200);
    expect((await laptop.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('keeps remembering callers while ballots are submitted', async () => {
    const lotteryId = await createLottery(await admin(api));
    const { token } = await newToken();
    expect((await withToken(token)).statusCode).toBe(200);
    // A submission is a write, but it changes no account: it does not make everyone look up again.
    expect((await alice.post(`/api/v1/lotteries/${lotteryId}/ballots`, {})).statusCode).toBe(201);
    await api.ctx.db.deleteFrom('api_tokens').execute();
    expect((await withToken(token)).statusCode).toBe(200);
  });
});
