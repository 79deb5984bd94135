import type { FastifyBaseLogger } from 'fastify';

/** Secrets never reach a log line, whatever logs them. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
];

/** The request logger: the given pino logger with redaction applied on top of its own. */
export const requestLogger = (logger: FastifyBaseLogger): FastifyBaseLogger =>
  logger.child({}, { redact: { paths: redactedPaths, censor: '[redacted]' } });
