/**
 * The one catalogue of domain errors. Each has a stable `code` that clients may rely on;
 * the HTTP layer maps codes to status codes in one place (src/http/problem.ts).
 */
export const errorCodes = {
  validation: 'The input is not valid.',
  'username-taken': 'That username is already taken.',
  'invalid-credentials': 'The username or password is wrong.',
  unauthenticated: 'You need to log in first.',
  forbidden: 'You are not allowed to do that.',
  'rate-limited': 'Too many attempts; wait and try again.',
  'lottery-not-found': 'There is no such lottery.',
  'lottery-name-taken': 'A lottery with that name already exists.',
  'lottery-not-open': 'The lottery is not open for ballots.',
  'lottery-not-editable': 'That part of the lottery can no longer be changed.',
  'lottery-already-ended': 'The lottery has already ended.',
  'draw-not-found': 'The lottery had no draw on that day.',
  'draw-not-due': 'The draw is still open.',
  'draw-already-closed': 'The draw is already closed.',
  'draw-not-closed': 'The draw is not closed yet.',
  'draw-not-sealed': 'The draw’s ballots are not sealed yet.',
  'ballot-not-found': 'There is no such ballot.',
  'token-not-found': 'There is no such token.',
  'idempotency-key-reused': 'That Idempotency-Key was used for a different request.',
  'idempotency-key-in-progress': 'A request with that Idempotency-Key is still being processed.',
  csrf: 'The request did not come from this site.',
  'participant-not-found': 'There is no such participant.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** A problem with one input field, named by its JSON path (e.g. `/username`). */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string = errorCodes[code],
    options: { fields?: FieldError[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }
}

/** Collects field errors and throws them together, so a client learns everything to fix at once. */
export class Validation {
  private readonly errors: FieldError[] = [];

  check(ok: boolean, field: string, message: string): this {
    if (!ok) this.errors.push({ field, message });
    return this;
  }

  throwIfAny(summary = 'Some fields are not valid.'): void {
    if (this.errors.length > 0) {
      throw new DomainError('validation', summary, { fields: this.errors });
    }
  }
}

export const isDomainError = (error: unknown, code?: ErrorCode): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code);
