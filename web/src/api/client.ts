import createClient from 'openapi-fetch';
import { observeServerDate } from '../server-clock';
import { ApiError, networkError, retryAfterOf, type Problem } from './errors';
import type { paths } from './schema';
import type { LotteryInput, LotteryPatch, LotteryStatus } from './types';

/** The typed HTTP client: every path, parameter and body is checked against schema.ts. */
const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
});

// Every answer's Date header tells the server's clock, which the countdowns run on.
const sentAt = new Map<string, number>();
client.use({
  onRequest({ id }) {
    sentAt.set(id, Date.now());
  },
  onResponse({ id, response }) {
    observeServerDate(response.headers.get('Date'), sentAt.get(id) ?? Date.now(), Date.now());
    sentAt.delete(id);
  },
  onError({ id }) {
    sentAt.delete(id);
  },
});

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's body, or an ApiError for a refusal (a problem document) or an unreachable server. */
const call = async <T>(pending: Promise<Outcome<T>>, signal?: AbortSignal): Promise<T> => {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch (error) {
    if (signal?.aborted) throw error;
    throw networkError();
  }
  const { response } = outcome;
  if (!response.ok) {
    const problem =
      typeof outcome.error === 'object' && outcome.error !== null
        ? (outcome.error as Partial<Problem>)
        : {};
    throw new ApiError(
      response.status,
      problem,
      response.statusText || `Error ${response.status}`,
      retryAfterOf(response.headers.get('Retry-After'), problem),
    );
  }
  return outcome.data as T;
};

/** A fresh key for one submit, so that retrying that submit never submits twice. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

const asId = (id: number | string) => Number(id);

export const api = {
  /** Who is logged in: null for an anonymous visitor (a 200, not an error). */
  session: async (signal?: AbortSignal) =>
    (await call(client.GET('/api/v1/sessions/current', { signal }), signal)).participant,
  signUp: (username: string, password: string) =>
    call(client.POST('/api/v1/participants', { body: { username, password } })),
  logIn: async (username: string, password: string) =>
    (await call(client.POST('/api/v1/sessions', { body: { username, password } }))).participant,
  logOut: () => call(client.DELETE('/api/v1/sessions/current')),

  lotteries: async (status?: LotteryStatus, signal?: AbortSignal) =>
    (
      await call(
        client.GET('/api/v1/lotteries', { params: { query: status ? { status } : {} }, signal }),
        signal,
      )
    ).lotteries,
  lottery: (id: number | string, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/lotteries/{id}', { params: { path: { id: asId(id) } }, signal }),
      signal,
    ),
  createLottery: (input: LotteryInput) => call(client.POST('/api/v1/lotteries', { body: input })),
  editLottery: (id: number, patch: LotteryPatch) =>
    call(client.PATCH('/api/v1/lotteries/{id}', { params: { path: { id } }, body: patch })),
  cancelLottery: (id: number) =>
    call(client.POST('/api/v1/lotteries/{id}/cancel', { params: { path: { id } } })),

  submitBallots: (lotteryId: number, quantity: number, idempotencyKey: string) =>
    call(
      client.POST('/api/v1/lotteries/{id}/ballots', {
        params: { path: { id: lotteryId }, header: { 'idempotency-key': idempotencyKey } },
        body: { quantity },
      }),
    ),
  myDraws: (
    filters: { lotteryId?: number; date?: string; limit?: number; before?: number },
    signal?: AbortSignal,
  ) => call(client.GET('/api/v1/me/draws', { params: { query: filters }, signal }), signal),
  myRanges: (drawId: number, page: { from: number; limit?: number }, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/me/draws/{drawId}/ranges', {
        params: { path: { drawId }, query: page },
        signal,
      }),
      signal,
    ),
  wins: async (signal?: AbortSignal) =>
    (await call(client.GET('/api/v1/me/wins', { signal }), signal)).wins,
  dismissWins: (through: string) =>
    call(client.POST('/api/v1/me/wins/dismiss', { body: { through } })),

  drawsOn: async (date: string, signal?: AbortSignal) =>
    (await call(client.GET('/api/v1/draws', { params: { query: { date } }, signal }), signal))
      .draws,
  latestDrawDate: async (signal?: AbortSignal) =>
    (await call(client.GET('/api/v1/draws/latest-date', { signal }), signal)).date,
  lotteryDraws: (
    lotteryId: number | string,
    cursor: { limit?: number; before?: string },
    signal?: AbortSignal,
  ) =>
    call(
      client.GET('/api/v1/lotteries/{id}/draws', {
        params: { path: { id: asId(lotteryId) }, query: cursor },
        signal,
      }),
      signal,
    ),
  draw: (lotteryId: number | string, date: string, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/lotteries/{id}/draws/{date}', {
        params: { path: { id: asId(lotteryId), date } },
        signal,
      }),
      signal,
    ),
};
