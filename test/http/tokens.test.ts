import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { Browser, participant, startApi, type TestApi } from './support.js';

describe.each(dialects)('personal API tokens on %s', (dialect) => {
  let api: TestApi;
  let alice: Browser;
  beforeEach(async () => {
    api = await startApi(dialect);
    alice = await participant(api.app, 'alice');
  });
  afterEach(() => api.close());

  const withToken = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string) =>
    api.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

  const newToken = async (name?: string) => {
    const response = await alice.post('/api/v1/tokens', name === undefined ? {} : { name });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: number; token: string; name: string | null; createdAt: string }>();
  };

  it('creates a token whose secret is shown once and stored only as a hash', async () => {
    const created = await newToken('laptop script');
    expect(created).toEqual({
      id: expect.any(Number),
      token: expect.stringMatching(/^lot_[A-Za-z0-9_-]{43}$/),
      name: 'laptop script',
      createdAt: '2026-03-10T12:00:00.000Z',
      lastUsedAt: null,
    });
    const [row] = await api.ctx.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(row?.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
  });

  it('lets the token act as its owner and records when it was last used', async () => {
    const { token } = await newToken();
    api.ctx.clock.advance(5_000);
    const me = await withToken(token, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('alice');
    const [listed] = (await alice.get('/api/v1/tokens')).json<{ tokens: object[] }>().tokens;
    expect(listed).toMatchObject({ lastUsedAt: '2026-03-10T12:00:05.000Z' });
  });

  it('lists the owner’s tokens without their secrets', async () => {
    const created = await newToken('one');
    await newToken();
    const response = await alice.get('/api/v1/tokens');
    expect(response.statusCode).toBe(200);
    expect(response.json().tokens).toEqual([
      expect.objectContaining({ name: null }),
      expect.objectContaining({ id: created.id, name: 'one' }),
    ]);
    expect(response.body).not.toContain(created.token);
    expect(response.body).not.toContain('"token"');
  });

  it('stops working once revoked', async () => {
    const { id, token } = await newToken();
    expect((await alice.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const refused = await withToken(token, 'GET', '/api/v1/me');
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect((await alice.get('/api/v1/tokens')).json().tokens).toEqual([]);
  });

  it('cannot be revoked by anyone else: their token is "not found"', async () => {
    const { id, token } = await newToken();
    const bob = await participant(api.app, 'bob');
    const response = await bob.delete(`/api/v1/tokens/${id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('token-not-found');
    expect((await withToken(token, 'GET', '/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses a malformed or unknown bearer token instead of acting anonymously', async () => {
    expect((await withToken('lot_nope', 'GET', '/api/v1/lotteries')).statusCode).toBe(401);
    const basic = await api.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Basic YWxpY2U6cGFzc3dvcmQ=' },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('cannot mint more tokens', async () => {
    const { token } = await newToken();
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('needs a login to manage tokens', async () => {
    const anonymous = new Browser(api.app);
    expect((await anonymous.post('/api/v1/tokens', {})).statusCode).toBe(401);
    expect((await anonymous.get('/api/v1/tokens')).statusCode).toBe(401);
    expect((await anonymous.delete('/api/v1/tokens/1')).statusCode).toBe(401);
  });

  it('refuses a token name that is too long, and a token id that is not a number', async () => {
    expect((await alice.post('/api/v1/tokens', { name: 'x'.repeat(101) })).statusCode).toBe(400);
    expect((await alice.delete('/api/v1/tokens/abc')).statusCode).toBe(400);
  });
});
