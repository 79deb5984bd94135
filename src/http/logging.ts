import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

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

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Log = (...args: unknown[]) => void;

/**
 * Fastify gives every request a child logger bound to its id. Building one (pino serialises and
 * redacts the bindings at once) cost 3–4% of a ballot submission, and at `warn` most requests
 * never log a line. This child is built on the first line that would be written.
 */
export const lazyChildLogger = (
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger =>
  options.level === undefined
    ? (new LazyChild(parent, bindings, options) as unknown as FastifyBaseLogger)
    : parent.child(bindings, options);

class LazyChild {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & Partial<Pick<Logger, 'isLevelEnabled'>>,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  /** The child once built (it may have been given a level of its own), else the parent's view. */
  private to(level: Level): Log | undefined {
    if (this.#child === undefined && this.parent.isLevelEnabled?.(level) === false)
      return undefined;
    const real = this.real;
    return (real[level] as Log).bind(real);
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  fatal(...args: unknown[]): void {
    this.to('fatal')?.(...args);
  }

  error(...args: unknown[]): void {
    this.to('error')?.(...args);
  }

  warn(...args: unknown[]): void {
    this.to('warn')?.(...args);
  }

  info(...args: unknown[]): void {
    this.to('info')?.(...args);
  }

  debug(...args: unknown[]): void {
    this.to('debug')?.(...args);
  }

  trace(...args: unknown[]): void {
    this.to('trace')?.(...args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}
