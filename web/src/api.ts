import { observeServerDate } from './server-clock';

/** An instant as the API sends it: an ISO 8601 string (or epoch milliseconds). */
export type Instant = string | number;

export type Role = 'participant' | 'admin';

export interface Participant {
  id: number;
  username: string;
  role: Role;
  createdAt: Instant;
}

export type LotteryStatus = 'open' | 'upcoming' | 'finished' | 'cancelled';

export interface TodayDraw {
  date: string;
  opensAt: Instant;
  closesAt: Instant;
  ballotCount: number;
}

export interface Lottery {
  id: number;
  name: string;
  description: string | null;
  status: LotteryStatus;
  timeZone: string;
  startsOn: string;
  endsOn: string | null;
  createdAt?: Instant;
  cancelledAt?: Instant | null;
  today?: TodayDraw | null;
  myBallots?: { today: number; total: number } | null;
}

export interface Ballot {
  id: number;
  lotteryId: number;
  drawDate: string;
  submittedAt: Instant;
}

/** The answer to a submission: the accepted ballots' draw and numbers (ascending). */
export interface SubmittedBallots {
  lotteryId: number;
  drawId: number;
  drawDate: string;
  submittedAt: Instant;
  quantity: number;
  ballotIds: number[];
}

export type DrawStatus = 'upcoming' | 'open' | 'closed' | 'drawn' | (string & {});

export interface MyBallot extends Ballot {
  lotteryName: string;
  drawStatus: DrawStatus;
  won: boolean | null;
}

export interface WinningBallot {
  id: number;
  username: string;
}

export interface Draw {
  lotteryId: number;
  lotteryName?: string;
  date: string;
  status: DrawStatus;
  timeZone?: string;
  opensAt?: Instant;
  closesAt: Instant;
  closedAt: Instant | null;
  drawnAt?: Instant | null;
  ballotCount: number | null;
  winningBallot: WinningBallot | null;
}

export interface Fairness {
  version: number | string;
  commitment: string;
  beaconRound: number | null;
  recordHash: string;
  prevRecordHash: string | null;
  merkleRoot?: string | null;
  seed?: string | null;
  winningIndex?: number | null;
  beaconRandomness?: string | null;
  [more: string]: unknown;
}

export interface DrawDetail extends Draw {
  fairness: Fairness;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A refusal from the API (an RFC 9457 problem document), or a failure to reach it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[];
  /** Seconds to wait before trying again (429 and 503). */
  readonly retryAfter: number | null;
  readonly body: Record<string, unknown>;

  constructor(
    status: number,
    body: Record<string, unknown>,
    fallback: string,
    retryAfter: number | null,
  ) {
    const detail = typeof body.detail === 'string' && body.detail ? body.detail : null;
    const title = typeof body.title === 'string' && body.title ? body.title : fallback;
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : `http-${status}`;
    this.title = title;
    this.errors = Array.isArray(body.errors)
      ? body.errors.filter(
          (e): e is FieldError =>
            typeof e === 'object' &&
            e !== null &&
            typeof (e as FieldError).field === 'string' &&
            typeof (e as FieldError).message === 'string',
        )
      : [];
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);

const parseRetryAfter = (header: string | null, body: Record<string, unknown>): number | null => {
  if (typeof body.retryAfter === 'number') return body.retryAfter;
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Calls the API under /api/v1; resolves to the parsed JSON body (undefined for 204). */
export const request = async <T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const sentAt = Date.now();
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(
      0,
      { code: 'network', detail: 'The server could not be reached. Check your connection.' },
      'Network error',
      null,
    );
  }
  observeServerDate(response.headers.get('Date'), sentAt, Date.now());
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    const problem =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    throw new ApiError(
      response.status,
      problem,
      response.statusText || `Error ${response.status}`,
      parseRetryAfter(response.headers.get('Retry-After'), problem),
    );
  }
  return body as T;
};

/** Lists may come bare or wrapped (`{ lotteries: [...] }`, `{ items: [...] }`). */
const listIn = <T>(body: unknown, ...keys: string[]): T[] => {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null) {
    for (const key of [...keys, 'items', 'data']) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
};

const pageIn = <T>(body: unknown, ...keys: string[]): Page<T> => {
  const next =
    typeof body === 'object' && body !== null ? (body as { next?: unknown }).next : undefined;
  return {
    items: listIn<T>(body, ...keys),
    next: typeof next === 'string' || typeof next === 'number' ? String(next) : null,
  };
};

const participantIn = (body: unknown): Participant => {
  const wrapped = (body as { participant?: Participant } | undefined)?.participant;
  return wrapped ?? (body as Participant);
};

const lotteryIn = (body: unknown): Lottery => {
  const wrapped = (body as { lottery?: Lottery } | undefined)?.lottery;
  return wrapped ?? (body as Lottery);
};

const query = (params: Record<string, string | number | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** A fresh key for one submit, so that retrying that submit never submits twice. */
export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');

export interface LotteryInput {
  name: string;
  description?: string | null;
  startsOn: string;
  endsOn?: string | null;
  timeZone?: string;
}

export const api = {
  me: async (signal?: AbortSignal): Promise<Participant | null> => {
    try {
      return participantIn(await request('GET', '/me', { signal }));
    } catch (error) {
      if (isApiError(error, 401)) return null;
      throw error;
    }
  },
  signUp: async (username: string, password: string): Promise<Participant> =>
    participantIn(await request('POST', '/participants', { body: { username, password } })),
  logIn: async (username: string, password: string): Promise<Participant> =>
    participantIn(await request('POST', '/sessions', { body: { username, password } })),
  logOut: (): Promise<void> => request('DELETE', '/sessions/current'),

  lotteries: async (status?: LotteryStatus, signal?: AbortSignal): Promise<Lottery[]> =>
    listIn<Lottery>(
      await request('GET', `/lotteries${query({ status })}`, { signal }),
      'lotteries',
    ),
  lottery: async (id: number | string, signal?: AbortSignal): Promise<Lottery> =>
    lotteryIn(await request('GET', `/lotteries/${id}`, { signal })),
  createLottery: async (input: LotteryInput): Promise<Lottery> =>
    lotteryIn(await request('POST', '/lotteries', { body: input })),
  editLottery: async (id: number, patch: Partial<LotteryInput>): Promise<Lottery> =>
    lotteryIn(await request('PATCH', `/lotteries/${id}`, { body: patch })),
  cancelLottery: async (id: number): Promise<Lottery> =>
    lotteryIn(await request('POST', `/lotteries/${id}/cancel`, { body: {} })),

  submitBallots: async (
    lotteryId: number,
    quantity: number,
    idempotencyKey: string,
  ): Promise<SubmittedBallots> =>
    request<SubmittedBallots>('POST', `/lotteries/${lotteryId}/ballots`, {
      body: { quantity },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  myBallots: async (
    filters: {
      lotteryId?: string | null;
      date?: string | null;
      limit?: number;
      before?: string | null;
    },
    signal?: AbortSignal,
  ): Promise<Page<MyBallot>> =>
    pageIn<MyBallot>(await request('GET', `/me/ballots${query(filters)}`, { signal }), 'ballots'),

  drawsOn: async (date: string, signal?: AbortSignal): Promise<Draw[]> =>
    listIn<Draw>(await request('GET', `/draws${query({ date })}`, { signal }), 'draws'),
  latestDrawDate: async (signal?: AbortSignal): Promise<string | null> =>
    (await request<{ date: string | null }>('GET', '/draws/latest-date', { signal })).date ?? null,
  lotteryDraws: async (
    lotteryId: number | string,
    cursor: { limit?: number; before?: string | null },
    signal?: AbortSignal,
  ): Promise<Page<Draw>> =>
    pageIn<Draw>(
      await request('GET', `/lotteries/${lotteryId}/draws${query(cursor)}`, { signal }),
      'draws',
    ),
  draw: async (lotteryId: number | string, date: string, signal?: AbortSignal) => {
    const body = await request<DrawDetail | { draw: DrawDetail }>(
      'GET',
      `/lotteries/${lotteryId}/draws/${date}`,
      { signal },
    );
    return 'draw' in body ? body.draw : body;
  },
};
