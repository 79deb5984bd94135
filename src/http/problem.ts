import type { FastifyReply } from 'fastify';
import { isUnavailable } from '../db/errors.js';
import { DomainError, errorCodes, type ErrorCode, type FieldError } from '../domain/index.js';
import { fieldErrors, type ValidationIssue } from './field-errors.js';
import { BusyError } from './heavy-reads.js';

/**
 * Every refusal is an RFC 9457 problem document. This file is the one place that maps a
 * problem's code to its HTTP status, and the one place that turns any error into a problem.
 */

/** Problems that come from HTTP itself rather than from the domain. */
const httpCodes = {
  'bad-request': 'The request is not valid.',
  'malformed-json': 'The body is not valid JSON.',
  'not-found': 'There is nothing at this address.',
  'method-not-allowed': 'This address does not accept that method.',
  'payload-too-large': 'The body is too large.',
  'request-timeout': 'The request took too long to arrive.',
  'headers-too-large': 'The request headers are too large.',
  'unsupported-media-type': 'The body must be JSON.',
  internal: 'Something went wrong on our side.',
  unavailable: 'The service is temporarily unavailable.',
} as const;

export type ProblemCode = ErrorCode | keyof typeof httpCodes;

export const statusOf: Record<ProblemCode, number> = {
  validation: 400,
  'bad-request': 400,
  'malformed-json': 400,
  'invalid-credentials': 401,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  'not-found': 404,
  'lottery-not-found': 404,
  'draw-not-found': 404,
  'ballot-not-found': 404,
  'token-not-found': 404,
  'participant-not-found': 404,
  'method-not-allowed': 405,
  'username-taken': 409,
  'lottery-name-taken': 409,
  'lottery-not-open': 409,
  'lottery-not-editable': 409,
  'lottery-already-ended': 409,
  'draw-not-due': 409,
  'draw-already-closed': 409,
  'draw-not-closed': 409,
  'draw-not-sealed': 409,
  'idempotency-key-in-progress': 409,
  'request-timeout': 408,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'headers-too-large': 431,
  'idempotency-key-reused': 422,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
};

/** A problem with one input, located by a JSON pointer into the body (or the query, path, header). */
export interface ProblemFieldError extends FieldError {
  in?: 'query' | 'path' | 'header';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/** A refusal with headers to send along (Retry-After, Allow, WWW-Authenticate). */
export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
}

/** Problem types are stable relative URIs, one per code. */
export const problemType = (code: ProblemCode): string => `/problems/${code}`;

export const problem = (
  code: ProblemCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem => ({
  type: problemType(code),
  title:
    code in httpCodes ? httpCodes[code as keyof typeof httpCodes] : errorCodes[code as ErrorCode],
  status: statusOf[code],
  detail,
  code,
  ...Object.fromEntries(Object.entries(extensions).filter(([name]) => !reserved.has(name))),
});

const reserved = new Set(['type', 'title', 'status', 'detail', 'code', 'instance']);

/** Any thrown value as a problem. Internals of unexpected errors never leave the server. */
export const toProblem = (error: unknown, limits: { bodyLimit: number }): ProblemResponse => {
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof BusyError) {
    return {
      problem: problem('unavailable', error.message, { retryAfter: error.retryAfter }),
      headers: { 'retry-after': String(error.retryAfter) },
    };
  }
  const fastify = error as {
    statusCode?: number;
    code?: string;
    message?: string;
    validation?: ValidationIssue[];
    validationContext?: string;
  };
  if (Array.isArray(fastify.validation)) {
    const errors = fieldErrors(fastify.validation, fastify.validationContext);
    return plain(problem('validation', 'Some fields are not valid.', { errors }));
  }
  if (fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return plain(problem('malformed-json', 'The body is not valid JSON; check its syntax.'));
  }
  const status = fastify.statusCode ?? 500;
  if (status === 413) {
    return plain(
      problem('payload-too-large', `The body may be at most ${limits.bodyLimit} bytes.`),
    );
  }
  if (status === 415) {
    return plain(
      problem(
        'unsupported-media-type',
        'Send the body as JSON with "Content-Type: application/json".',
      ),
    );
  }
  if (status === 404) return plain(problem('not-found', 'There is nothing at this address.'));
  if (status >= 400 && status < 500) {
    return plain(problem('bad-request', fastify.message ?? 'The request is not valid.'));
  }
  if (isUnavailable(error)) {
    return {
      problem: problem('unavailable', 'The database is unavailable; try again in a few seconds.'),
      headers: { 'retry-after': '5' },
    };
  }
  return plain(problem('internal', 'Something went wrong on our side; it has been logged.'));
};

const plain = (p: Problem): ProblemResponse => ({ problem: p, headers: {} });

const fromDomainError = (error: DomainError): ProblemResponse => {
  // The domain's `status` detail is the state of the thing refused (a lottery), not the HTTP status.
  const { status, retryAfter, ...rest } = error.details;
  const extensions: Record<string, unknown> = { ...rest };
  if (status !== undefined) extensions.lotteryStatus = status;
  if (error.fields.length > 0) extensions.errors = error.fields;
  const headers: Record<string, string> = {};
  if (typeof retryAfter === 'number') {
    extensions.retryAfter = retryAfter;
    headers['retry-after'] = String(retryAfter);
  }
  if (error.code === 'unauthenticated' || error.code === 'invalid-credentials') {
    headers['www-authenticate'] = 'Bearer';
  }
  return { problem: problem(error.code, error.message, extensions), headers };
};

/** Sends a problem document. */
export const sendProblem = (reply: FastifyReply, { problem: p, headers }: ProblemResponse) =>
  reply.code(p.status).headers(headers).type('application/problem+json').send(JSON.stringify(p));
