import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export type FieldError = NonNullable<Problem['errors']>[number];

/** A refusal from the API (an RFC 9457 problem document), or a failure to reach it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[];
  /** Seconds to wait before trying again (429 and 503). */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    problem: Partial<Problem>,
    fallback: string,
    retryAfter: number | null,
  ) {
    const detail = problem.detail || null;
    const title = problem.title || fallback;
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `http-${status}`;
    this.title = title;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfter = retryAfter;
  }
}

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);

export const networkError = (): ApiError =>
  new ApiError(
    0,
    { code: 'network', detail: 'The server could not be reached. Check your connection.' },
    'Network error',
    null,
  );

/** Seconds from a Retry-After header (seconds or an HTTP date), or the problem's `retryAfter`. */
export const retryAfterOf = (header: string | null, problem: unknown): number | null => {
  const fromBody = (problem as { retryAfter?: unknown } | null)?.retryAfter;
  if (typeof fromBody === 'number') return fromBody;
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};
