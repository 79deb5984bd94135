import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { Browser, participant, startApi, type TestApi } from './support.js';

/** A page asks who is logged in on every load: an anonymous visitor is an answer, not an error. */
describe.each(dialects)('who is logged in, asked by any page, on %s', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi(dialect);
  });
  afterEach(() => api.close());

  it('answers null for an anonymous visitor, with a 200', async () => {
    const response = await new Browser(api.app).get('/api/v1/sessions/current');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ participant: null });
  });

  it('answers null for a session that has ended, and drops its cookie', async () => {
    const alice = await participant(api.app, 'alice');
    const stale = alice.session;
    await alice.delete('/api/v1/sessions/current');
    const browser = new Browser(api.app);
    browser.session = stale;
    const response = await browser.get('/api/v1/sessions/current');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ participant: null });
    expect(browser.session).toBeUndefined();
  });

  it('answers with the logged-in participant', async () => {
    const alice = await participant(api.app, 'alice');
    const response = await alice.get('/api/v1/sessions/current');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      participant: {
        id: expect.any(Number),
        username: 'alice',
        role: 'participant',
        createdAt: '2026-03-10T12:00:00.000Z',
      },
    });
  });

  it('refuses a bearer token that does not work, as every route does', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/v1/sessions/current',
      headers: { authorization: 'Bearer nothing-like-a-token' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
  });
});
