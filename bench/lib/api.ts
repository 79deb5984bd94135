/**
 * A small client for the lottery's HTTP API, used to set up each scenario the way a real client
 * would (register, log in, create tokens, create lotteries, read draws).
 */

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
  }
}

export interface Identity {
  username: string;
  participantId: number;
  /** Headers that authenticate a request: a bearer token, or the session cookie plus Origin. */
  headers: Record<string, string>;
  kind: 'token' | 'cookie';
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  expect?: number[];
  timeoutMs?: number;
}

export class Api {
  constructor(readonly url: string) {}

  /** Headers a cookie-authenticated write needs: the cookie, and an Origin naming this server. */
  cookieHeaders(cookie: string): Record<string, string> {
    return { cookie, origin: this.url };
  }

  async call<T>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    const expect = options.expect ?? [200, 201, 204];
    if (!expect.includes(response.status)) throw new ApiError(method, path, response.status, text);
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: response.headers,
    };
  }

  async register(username: string, password: string): Promise<number> {
    const { body } = await this.call<{ id: number }>('POST', '/api/v1/participants', {
      body: { username, password },
      expect: [201],
    });
    return body.id;
  }

  /** Logs in and returns the session cookie as `lottery_session=<value>`. */
  async login(
    username: string,
    password: string,
  ): Promise<{ cookie: string; participantId: number }> {
    const { body, headers } = await this.call<{ participant: { id: number } }>(
      'POST',
      '/api/v1/sessions',
      {
        body: { username, password },
        expect: [200],
      },
    );
    const cookie = headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('lottery_session='));
    if (!cookie) throw new Error('POST /api/v1/sessions set no lottery_session cookie');
    return { cookie, participantId: body.participant.id };
  }

  async createToken(cookie: string, name: string): Promise<string> {
    const { body } = await this.call<{ token: string }>('POST', '/api/v1/tokens', {
      body: { name },
      headers: this.cookieHeaders(cookie),
      expect: [201],
    });
    return body.token;
  }

  /** Creates a lottery as an admin (session cookie), open from today in UTC. */
  async createLottery(adminCookie: string, name: string): Promise<LotterySummary> {
    const { body } = await this.call<LotterySummary>('POST', '/api/v1/lotteries', {
      body: {
        name,
        startsOn: utcToday(),
        timeZone: 'UTC',
        description: 'Created by the benchmark suite.',
      },
      headers: this.cookieHeaders(adminCookie),
      expect: [201],
    });
    return body;
  }

  async draw(lotteryId: number, date: string, timeoutMs?: number): Promise<DrawSummary> {
    return (
      await this.call<DrawSummary>('GET', `/api/v1/lotteries/${lotteryId}/draws/${date}`, {
        expect: [200],
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      })
    ).body;
  }
}

export interface LotterySummary {
  id: number;
  name: string;
  today: { drawId: number; date: string; closesAt: string; ballotCount: number } | null;
}

export interface DrawSummary {
  id: number;
  status: 'upcoming' | 'open' | 'closed' | 'drawn';
  date: string;
  closesAt: string;
  drawnAt: string | null;
  ballotCount: number;
  winningBallot: { id: number; username: string } | null;
}

export const utcToday = (): string => new Date().toISOString().slice(0, 10);

/** Runs `work` over `items` with at most `limit` in flight. */
export const mapLimit = async <T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(runners);
  return results;
};
