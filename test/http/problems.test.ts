import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { Browser, participant, startApi, type TestApi } from './support.js';

describe.each(dialects)('problem documents on %s', (dialect) => {
  let api: TestApi;
  let alice: Browser;
  beforeEach(async () => {
    api = await startApi(dialect);
    api.app.get('/api/test/bug', async () => {
      throw new Error('column "secret_internal_name" does not exist');
    });
    api.app.get('/api/test/database-down', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
        code: 'ECONNREFUSED',
      });
    });
    alice = await participant(api.app, 'alice');
  });
  afterEach(() => api.close());

  const expectProblem = (
    response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
    code: string,
  ) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({
      type: `/problems/${code}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
    });
  };

  it('answers an unknown address with a 404 problem', async () => {
    expectProblem(await alice.get('/api/v1/nothing-here'), 404, 'not-found');
    expectProblem(await alice.get('/nothing-here'), 404, 'not-found');
  });

  it('answers a known address with the wrong method with a 405 naming the right ones', async () => {
    const response = await alice.get('/api/v1/sessions');
    expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.allow).toBe('POST');
    expect((await alice.delete('/api/v1/lotteries/1')).headers.allow).toBe('GET, HEAD, PATCH');
  });

  it('refuses malformed JSON with a 400', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/participants',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "bob",',
    });
    expectProblem(response, 400, 'malformed-json');
  });

  it('refuses a body carrying __proto__ or constructor.prototype, naming the key and where it is', async () => {
    const post = (payload: string) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/participants',
        headers: { 'content-type': 'application/json', origin: 'http://localhost' },
        payload,
      });
    const cases = [
      ['{"username":"bob","__proto__":{"role":"admin"}}', '__proto__', '/__proto__'],
      ['{"username":"bob","profile":{"__proto__":{}}}', '__proto__', '/profile/__proto__'],
      ['{"username":"bob","constructor":{"prototype":{"x":1}}}', 'constructor', '/constructor'],
      ['[{"a/b":{"__proto__":1}}]', '__proto__', '/0/a~1b/__proto__'],
    ] as const;
    for (const [payload, key, field] of cases) {
      const response = await post(payload);
      expectProblem(response, 400, 'validation');
      expect(response.json().detail).toContain(`"${key}"`);
      expect(response.json().errors).toEqual([
        { field, message: `the key "${key}" is not accepted` },
      ]);
    }
    // The words themselves are fine as values.
    const named = await post('{"username":"constructor","password":"__proto__ is a fine phrase"}');
    expect(named.statusCode).toBe(201);
  });

  it('refuses a body over 16 KiB with a 413', async () => {
    const response = await new Browser(api.app).post('/api/v1/participants', {
      username: 'bob',
      password: 'x'.repeat(17 * 1024),
    });
    expectProblem(response, 413, 'payload-too-large');
  });

  it('refuses a body that is not JSON with a 415', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=alice',
    });
    expectProblem(response, 415, 'unsupported-media-type');
  });

  it('refuses unknown fields with a 400 naming them', async () => {
    const response = await new Browser(api.app).post('/api/v1/participants', {
      username: 'bob',
      password: 'correct horse battery',
      role: 'admin',
    });
    expectProblem(response, 400, 'validation');
    expect(response.json()).toMatchObject({
      errors: [{ field: '/role', message: 'is not a known field; remove it' }],
    });
  });

  it('refuses a body that is not an object, and a field of the wrong type', async () => {
    expectProblem(await new Browser(api.app).post('/api/v1/sessions', [1, 2]), 400, 'validation');
    const wrong = await new Browser(api.app).post('/api/v1/sessions', {
      username: 5,
      password: true,
    });
    expect(wrong.json().errors).toEqual([
      { field: '/username', message: 'must be a string' },
      { field: '/password', message: 'must be a string' },
    ]);
  });

  it('turns a bug into a 500 that reveals nothing but a request id', async () => {
    const response = await alice.get('/api/test/bug');
    expectProblem(response, 500, 'internal');
    expect(response.body).not.toContain('secret_internal_name');
    expect(response.body).not.toContain('at ');
    expect(response.json().requestId).toEqual(expect.any(String));
  });

  it('turns an unreachable database into a 503 with Retry-After', async () => {
    const response = await alice.get('/api/test/database-down');
    expectProblem(response, 503, 'unavailable');
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).not.toContain('10.0.0.5');
  });

  it('sends security headers fitted to a same-origin app on pages', async () => {
    const response = await alice.get('/some/page', { headers: { accept: 'text/html' } });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['permissions-policy']).toMatch(/camera=\(\), geolocation=\(\)/);
    // Over plain http browsers must ignore HSTS (RFC 6797, 8.1): not sent.
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends the strict API set on JSON answers, successes and problems alike', async () => {
    for (const response of [
      await alice.get('/api/v1/lotteries'),
      await alice.get('/api/v1/lotteries/999999'),
    ]) {
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
      // Over plain http browsers must ignore HSTS (RFC 6797, 8.1): not sent.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('asks browsers for https only on answers that go out over https', async () => {
    const secure = await startApi(dialect, { publicUrl: 'https://lottery.example' });
    try {
      for (const url of ['/api/v1/lotteries', '/api/v1/lotteries/999999', '/some/page']) {
        const response = await secure.app.inject({ url, headers: { accept: 'text/html' } });
        expect(response.headers['strict-transport-security']).toBe(
          'max-age=31536000; includeSubDomains',
        );
      }
    } finally {
      await secure.close();
    }
  });
});
