import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { problem, type ProblemCode } from './problem.js';
import type { Api } from './types.js';

/** What the server allows a connection: the HTTP side of hostile or broken clients. */
export interface WireLimits {
  /** A request's headers and body must have arrived this long after it began (ms). */
  requestTimeoutMs: number;
  /** Connections open at once; more are closed as soon as they are accepted. */
  maxConnections: number;
  /** The largest body accepted, in bytes. */
  bodyLimit: number;
}

/**
 * Node checks the request deadlines on a timer (every 30 s by default, which would let a 30 s
 * deadline run to 60 s): check a few times per deadline, at most once a second.
 */
const checkingIntervalFor = (deadlineMs: number) =>
  Math.max(10, Math.min(1000, Math.floor(deadlineMs / 4)));

/** Options for `http.createServer`: the whole-request deadline covers the headers too. */
export const serverOptions = (limits: WireLimits): ServerOptions => ({
  requestTimeout: limits.requestTimeoutMs,
  headersTimeout: limits.requestTimeoutMs,
  connectionsCheckingInterval: checkingIntervalFor(limits.requestTimeoutMs),
});

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

/** A problem document written straight to a socket, for requests Fastify never saw. */
const rawAnswer = (status: number, code: ProblemCode, detail: string): string => {
  const body = JSON.stringify(problem(code, detail));
  return (
    `HTTP/1.1 ${status} ${TITLES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/problem+json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'X-Content-Type-Options: nosniff\r\n' +
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n" +
    `Connection: close\r\n\r\n${body}`
  );
};

/**
 * The connection-level rules: a deadline for every request, a cap on open connections, and
 * refusals that reach the client.
 *
 * - A request whose headers and body have not all arrived `requestTimeoutMs` after it began is
 *   answered 408 (a problem document) and its connection closed; Node enforces the deadline.
 * - Beyond `maxConnections`, new connections are closed at once (and logged).
 * - A body announced larger than the limit is refused with 413 *before* `100 Continue`, so a
 *   client that asked first never starts the upload.
 * - A refusal sent while the client is still uploading (413, or any answer that did not need the
 *   body) keeps the connection, and Node reads and discards the rest of the body: closing under
 *   an upload makes the kernel reset the connection, and a client that has not yet read the
 *   answer then loses it. The request deadline bounds how long a body is drained.
 */
export class Wire {
  /** Connections whose request was answered before its body arrived in full. */
  private readonly answeredEarly = new WeakSet<Socket>();
  private dropped = 0;

  constructor(
    private readonly limits: WireLimits,
    private readonly log?: FastifyBaseLogger,
  ) {}

  /** For Fastify's `clientErrorHandler`: errors Node raises before or outside the app. */
  readonly onClientError = (error: Error & { code?: string }, socket: Socket): void => {
    if (!socket.writable || this.answeredEarly.has(socket) || error.code === 'ECONNRESET') {
      // Nothing can be said any more, or the client already has its answer.
      socket.destroy();
      return;
    }
    socket.end(this.answerTo(error));
  };

  private answerTo(error: Error & { code?: string }): string {
    switch (error.code) {
      case 'ERR_HTTP_REQUEST_TIMEOUT':
        return rawAnswer(
          408,
          'request-timeout',
          `The request did not arrive in full within ${this.limits.requestTimeoutMs / 1000} seconds; send it again, in one go.`,
        );
      case 'HPE_HEADER_OVERFLOW':
        return rawAnswer(431, 'headers-too-large', 'The request headers are too large.');
      default:
        return rawAnswer(
          400,
          'bad-request',
          'The request is not valid HTTP (malformed request line, headers or framing).',
        );
    }
  }

  /** Installs the rules on the app's server; call once the app is built. */
  install(app: Api): void {
    const server: Server = app.server;
    server.maxConnections = this.limits.maxConnections;
    server.on('drop', () => this.onDrop());
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      // Without `100 Continue` the client sends no body, and the app answers 413 at once.
      if (!this.announcesTooMuch(req)) res.writeContinue();
      server.emit('request', req, res);
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      if (!request.raw.complete) {
        // Fastify asks to close after a refused body; closing under an upload loses the answer.
        if (reply.statusCode === 413) reply.removeHeader('connection');
        this.markAnsweredEarly(request.raw);
      }
      done(null, payload);
    });
  }

  private announcesTooMuch(req: IncomingMessage): boolean {
    const length = Number(req.headers['content-length']);
    return Number.isFinite(length) && length > this.limits.bodyLimit;
  }

  private markAnsweredEarly(req: IncomingMessage): void {
    const socket = req.socket;
    this.answeredEarly.add(socket);
    // Once the body is drained, the connection carries the next request like any other.
    req.once('end', () => this.answeredEarly.delete(socket));
  }

  private onDrop(): void {
    this.dropped += 1;
    // The first, then one line per thousand: a flood of connections must not flood the log.
    if (this.dropped % 1000 === 1) {
      this.log?.warn(
        { maxConnections: this.limits.maxConnections, dropped: this.dropped },
        'connection refused: too many open connections (MAX_CONNECTIONS)',
      );
    }
  }
}
