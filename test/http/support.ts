import type { LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../../src/app/context.js';
import { promoteParticipant } from '../../src/app/participants.js';
import type { DialectName } from '../../src/db/connect.js';
import { buildApp, type HttpOptions } from '../../src/http/app.js';
import type { Api } from '../../src/http/types.js';
import { createTestContext, type TestContext } from '../support/databases.js';

/** The service's own origin as `app.inject` calls it (Host: localhost:80). */
export const ORIGIN = 'http://localhost';

export const PASSWORD = 'correct horse battery';

export interface TestApi {
  ctx: TestContext;
  app: Api;
  close(): Promise<void>;
}

/** The real app over a fresh migrated database with a fixed clock (2026-03-10T12:00:00Z). */
export const startApi = async (
  dialect: DialectName,
  options: HttpOptions = {},
): Promise<TestApi> => {
  const ctx = await createTestContext(dialect);
  const app = await buildApp(ctx, options);
  return {
    ctx,
    app,
    close: async () => {
      await app.close();
      await ctx.dispose();
    },
  };
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Call {
  body?: unknown;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

/**
 * A well-behaved browser on our own site: it keeps the session cookie it is given and sends our
 * Origin with every write (as browsers do), unless a test says otherwise.
 */
export class Browser {
  session: string | undefined;

  constructor(private readonly app: Api) {}

  async request(method: Method, url: string, call: Call = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: { ...(method === 'GET' ? {} : { origin: ORIGIN }), ...call.headers },
      ...(this.session ? { cookies: { lottery_session: this.session } } : {}),
      ...(call.body !== undefined ? { payload: call.body as object } : {}),
      ...(call.remoteAddress ? { remoteAddress: call.remoteAddress } : {}),
    });
    const cookie = response.cookies.find((c) => c.name === 'lottery_session');
    if (cookie) this.session = cookie.value === '' ? undefined : cookie.value;
    return response;
  }

  get = (url: string, call?: Call) => this.request('GET', url, call);
  post = (url: string, body?: unknown, call?: Call) => this.request('POST', url, { ...call, body });
  put = (url: string, body?: unknown, call?: Call) => this.request('PUT', url, { ...call, body });
  patch = (url: string, body?: unknown, call?: Call) =>
    this.request('PATCH', url, { ...call, body });
  delete = (url: string, call?: Call) => this.request('DELETE', url, call);

  async register(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/api/v1/participants', { username, password });
  }

  async logIn(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/api/v1/sessions', { username, password });
  }
}

/** A browser logged in as a newly registered participant. */
export const participant = async (app: Api, username: string): Promise<Browser> => {
  const browser = new Browser(app);
  expect201(await browser.register(username));
  await browser.logIn(username);
  return browser;
};

/** A browser logged in as a newly registered admin. */
export const admin = async (
  api: { app: Api; ctx: AppContext },
  username = 'admin',
): Promise<Browser> => {
  const browser = new Browser(api.app);
  expect201(await browser.register(username));
  await promoteParticipant(api.ctx, username);
  await browser.logIn(username);
  return browser;
};

const expect201 = (response: LightMyRequestResponse) => {
  if (response.statusCode !== 201)
    throw new Error(`expected 201, got ${response.statusCode}: ${response.body}`);
};

/** Creates a lottery as the admin and returns its id. */
export const createLottery = async (
  browser: Browser,
  input: { name: string; startsOn?: string; endsOn?: string; timeZone?: string } = {
    name: 'Daily',
  },
): Promise<number> => {
  const response = await browser.post('/api/v1/lotteries', { startsOn: '2026-03-10', ...input });
  if (response.statusCode !== 201) throw new Error(`lottery not created: ${response.body}`);
  return response.json<{ id: number }>().id;
};
