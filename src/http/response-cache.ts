import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { isNotModified } from './conditional.js';

/** Raw header list (name, value, …) as the app sent it; the Date value is refreshed per answer. */
interface Head {
  headers: string[];
  dateAt: number;
}

interface Entry {
  /** `performance.now()` after which the entry is no longer served. */
  until: number;
  ok: Head;
  body: Buffer;
  /** The answer's ETag, if it has one, and the head of its 304 (the same, less the body's). */
  etag?: { tag: string; notModified: Head };
  /** The route pattern, for metrics. */
  route: string;
}

/** The headers of a 200 that describe its body: a 304 leaves them out. */
const BODY_HEADERS = new Set(['content-type', 'content-length']);

const headWith = (pairs: [string, string][]): Head => {
  const headers: string[] = [];
  for (const [name, value] of pairs) headers.push(name, value);
  let dateAt = headers.findIndex((value, i) => i % 2 === 0 && value === 'date') + 1;
  if (dateAt === 0) {
    dateAt = headers.length + 1;
    headers.push('date', '');
  }
  return { headers, dateAt };
};

/**
 * A micro-cache in front of the app, for the public reads everybody asks for at once (ADR 0009).
 *
 * A route marks an anonymous 200 answer as cacheable until its read cache entry expires; the
 * answer (headers and body, exactly as the app sent it) is kept under its exact URL. Until then,
 * the same GET without credentials is answered straight from the socket handler, without
 * Fastify building a request, a reply and a logger for it. Nothing else is ever served from here:
 * not another method, not a request carrying a cookie or an Authorization header, not an answer
 * that sets a cookie.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly marked = new WeakMap<FastifyReply, number>();
  private open = true;
  private served = 0;
  private bytes = 0;
  /** Answers served from here since the last drain, by route (the app's go through its hooks). */
  private hits = new Map<string, number>();

  constructor(
    /** The Date header's text for now (the service's clock, as the app's answers use). */
    private readonly date: () => string,
    private readonly log?: FastifyBaseLogger,
    private readonly maxEntries = 1000,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /** The reply being sent may be served to anonymous callers until `until` (`performance.now()`). */
  mark(reply: FastifyReply, until: number | undefined): void {
    if (until !== undefined) this.marked.set(reply, until);
  }

  /** onSend hook, after every other: keeps a marked answer as it goes out. */
  readonly capture = (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: null, payload: unknown) => void,
  ): void => {
    const until = this.marked.get(reply);
    if (until !== undefined && this.open && isCacheable(request, reply, payload)) {
      const body = Buffer.from(payload as string);
      const pairs: [string, string][] = [];
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && name !== 'content-length') pairs.push([name, String(value)]);
      }
      const tag = reply.getHeader('etag');
      const entry: Entry = {
        until,
        ok: headWith([...pairs, ['content-length', String(body.length)]]),
        body,
        ...(typeof tag === 'string'
          ? {
              etag: {
                tag,
                notModified: headWith(pairs.filter(([name]) => !BODY_HEADERS.has(name))),
              },
            }
          : {}),
        route: request.routeOptions.url ?? request.url,
      };
      if (this.entries.size >= this.maxEntries || this.bytes + body.length > this.maxBytes) {
        this.clear();
      }
      this.bytes += body.length - (this.entries.get(request.url)?.body.length ?? 0);
      this.entries.set(request.url, entry);
    }
    done(null, payload);
  };

  /** Answers the request from the cache; false when the app has to answer it. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !this.open) return false;
    const url = req.url;
    if (url === undefined) return false;
    const entry = this.entries.get(url);
    if (entry === undefined) return false;
    if (performance.now() >= entry.until) {
      this.entries.delete(url);
      this.bytes -= entry.body.length;
      return false;
    }
    if (req.headers.cookie !== undefined || req.headers.authorization !== undefined) return false;
    const { etag } = entry;
    const notModified =
      etag && isNotModified(req.headers['if-none-match'], etag.tag) ? etag.notModified : undefined;
    const status = notModified ? 304 : 200;
    const head = notModified ?? entry.ok;
    head.headers[head.dateAt] = this.date();
    res.writeHead(status, head.headers);
    if (notModified) res.end();
    else res.end(entry.body);
    const key = notModified ? `304 ${entry.route}` : entry.route;
    this.hits.set(key, (this.hits.get(key) ?? 0) + 1);
    // A no-op unless the level is info or lower, as the app's own request lines.
    this.log?.info(
      {
        reqId: `cached-${(this.served++).toString(36)}`,
        req: { method: 'GET', url },
        res: { statusCode: status },
      },
      'request completed from the response cache',
    );
    return true;
  }

  /**
   * How many answers were served from here since the last call, by route pattern (a 304 as
   * `304 <route>`). Metrics take them in bulk: counting each answer into prom-client cost 7% of
   * a cached read.
   */
  drainHits(): Map<string, number> {
    const hits = this.hits;
    this.hits = new Map();
    return hits;
  }

  /** Forgets every answer: after a write this process made. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Stops serving (the app is closing: its own answers say so from now on). */
  close(): void {
    this.open = false;
    this.clear();
  }
}

const isCacheable = (request: FastifyRequest, reply: FastifyReply, payload: unknown): boolean =>
  request.method === 'GET' &&
  reply.statusCode === 200 &&
  typeof payload === 'string' &&
  request.headers.cookie === undefined &&
  request.headers.authorization === undefined &&
  reply.getHeader('set-cookie') === undefined;
