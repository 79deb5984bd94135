import {
  QueryCache,
  QueryClient,
  infiniteQueryOptions,
  queryOptions,
  type QueryKey,
} from '@tanstack/react-query';
import { api } from './client';
import { isApiError } from './errors';
import type { Lottery, SubmittedBallots } from './types';

/**
 * Every read the pages make, with its cache key: pages that show the same thing share one fetch
 * and one cached copy, and a write invalidates exactly what it changed (`invalidate` below).
 */
export const keys = {
  session: ['session'] as const,
  lotteries: ['lotteries'] as const,
  lottery: (id: number | string) => ['lotteries', 'one', String(id)] as const,
  myDraws: (filters: MyBallotFilters) => ['my', 'draws', filters] as const,
  myRanges: (drawId: number, from: number) => ['my', 'ranges', drawId, from] as const,
  my: ['my'] as const,
  wins: ['my', 'wins'] as const,
  draws: ['draws'] as const,
  drawsOn: (date: string) => ['draws', 'on', date] as const,
  latestDrawDate: ['draws', 'latest-date'] as const,
  lotteryDraws: (id: number | string) => ['draws', 'of', String(id)] as const,
  draw: (id: number | string, date: string) => ['draws', 'one', String(id), date] as const,
};

/**
 * How often a page that shows today's counts asks for them again while it is visible: others'
 * ballots appear within this, plus up to a second that an anonymous answer may be cached on the
 * server. (Polling rather than server-sent events: the answer is cheap, served from the response
 * cache to anonymous visitors, and works the same behind any number of instances.)
 */
export const LIVE_COUNTS_MS = 1000;

export interface MyBallotFilters {
  lotteryId?: number;
  date?: string;
}

export const queries = {
  session: () =>
    queryOptions({ queryKey: keys.session, queryFn: ({ signal }) => api.session(signal) }),
  lotteries: () =>
    queryOptions({
      queryKey: keys.lotteries,
      queryFn: ({ signal }) => api.lotteries(undefined, signal),
    }),
  lottery: (id: number | string) =>
    queryOptions({ queryKey: keys.lottery(id), queryFn: ({ signal }) => api.lottery(id, signal) }),
  /** Checked now and then: a draw that a page left open through midnight may make a winner. */
  wins: () =>
    queryOptions({
      queryKey: keys.wins,
      queryFn: ({ signal }) => api.wins(signal),
      refetchInterval: 30_000,
    }),
  drawsOn: (date: string) =>
    queryOptions({
      queryKey: keys.drawsOn(date),
      queryFn: ({ signal }) => api.drawsOn(date, signal),
    }),
  latestDrawDate: () =>
    queryOptions({
      queryKey: keys.latestDrawDate,
      queryFn: ({ signal }) => api.latestDrawDate(signal),
    }),
  draw: (id: number | string, date: string) =>
    queryOptions({
      queryKey: keys.draw(id, date),
      queryFn: ({ signal }) => api.draw(id, date, signal),
    }),
  lotteryDraws: (id: number | string, pageSize = 20) =>
    infiniteQueryOptions({
      queryKey: keys.lotteryDraws(id),
      queryFn: ({ pageParam, signal }) =>
        api.lotteryDraws(
          id,
          { limit: pageSize, ...(pageParam ? { before: pageParam } : {}) },
          signal,
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.next,
    }),
  myDraws: (filters: MyBallotFilters, pageSize = 20) =>
    infiniteQueryOptions({
      queryKey: keys.myDraws(filters),
      queryFn: ({ pageParam, signal }) =>
        api.myDraws(
          { ...filters, limit: pageSize, ...(pageParam ? { before: pageParam } : {}) },
          signal,
        ),
      initialPageParam: null as number | null,
      getNextPageParam: (page) => page.next,
    }),
  /** The rest of one draw's ranges, from where its summary stopped. */
  myRanges: (drawId: number, from: number, pageSize = 500) =>
    infiniteQueryOptions({
      queryKey: keys.myRanges(drawId, from),
      queryFn: ({ pageParam, signal }) =>
        api.myRanges(drawId, { from: pageParam, limit: pageSize }, signal),
      initialPageParam: from,
      getNextPageParam: (page) => page.next,
    }),
};

/** What a write changed, to be fetched again wherever it is shown. */
export const invalidate = {
  /** Ballots were submitted: counts on every lottery, the draws' counts, my ballots. */
  ballots: (client: QueryClient) =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.lotteries }),
      client.invalidateQueries({ queryKey: keys.draws }),
      client.invalidateQueries({ queryKey: keys.my }),
    ]),
  /** A lottery was created, edited or cancelled. */
  lotteries: (client: QueryClient) =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.lotteries }),
      client.invalidateQueries({ queryKey: keys.draws }),
    ]),
};

const isSession = (key: QueryKey) => key[0] === keys.session[0];

/** Someone else is logged in now (or nobody): forget everything that was theirs. */
export const switchParticipant = (client: QueryClient, participant: unknown) => {
  client.setQueryData(keys.session, participant);
  client.removeQueries({ predicate: (query) => !isSession(query.queryKey) });
};

export const createQueryClient = (): QueryClient => {
  const client: QueryClient = new QueryClient({
    // A 401 from any read means the session ended (logged out elsewhere, expired).
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error, 401) && !isSession(query.queryKey)) {
          switchParticipant(client, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A refusal will not change by asking again; a lost connection may.
        retry: (failures, error) =>
          failures < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
      },
    },
  });
  return client;
};

/**
 * The participant's own accepted submission, shown in every count at once (before the lists are
 * fetched again): today's total and their own counts of the lottery it went to.
 */
export const recordSubmission = (client: QueryClient, submitted: SubmittedBallots): void => {
  const add = (lottery: Lottery): Lottery => {
    if (lottery.id !== submitted.lotteryId) return lottery;
    const today = lottery.today?.date === submitted.drawDate;
    const mine = lottery.myBallots ?? { today: 0, total: 0 };
    return {
      ...lottery,
      today:
        lottery.today && today
          ? { ...lottery.today, ballotCount: lottery.today.ballotCount + submitted.quantity }
          : lottery.today,
      myBallots: {
        today: mine.today + (today ? submitted.quantity : 0),
        total: mine.total + submitted.quantity,
      },
    };
  };
  client.setQueryData<Lottery[]>(keys.lotteries, (list) => list?.map(add));
  client.setQueryData<Lottery>(keys.lottery(submitted.lotteryId), (one) => one && add(one));
};
