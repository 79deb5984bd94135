import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { eachBallot } from '../../support/ballot-runs.js';
import type { Player, World } from './world.js';

/**
 * HTTP clients for fault tests: plain fetch over loopback, every request with a deadline, every
 * outcome recorded. A load client submits ballots in a loop with its own bearer token, one
 * request at a time, and remembers each acknowledged (201) ballot and each request whose outcome
 * it cannot know (the connection broke after the request was sent).
 */

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  ms: number;
}

export type NetworkFailure = {
  kind: 'refused' | 'timeout' | 'broken';
  message: string;
  ms: number;
};

const causeCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return String(cause?.code ?? cause?.message ?? (error as Error).message ?? error);
};

/** One request; a network failure is returned, not thrown. */
export const http = async (
  url: string,
  options: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<HttpResult | NetworkFailure> => {
  const started = Date.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      headers: response.headers,
      text,
      json,
      ms: Date.now() - started,
    };
  } catch (error) {
    const ms = Date.now() - started;
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return { kind: 'timeout', message: String(error), ms };
    const code = causeCode(error);
    // Refused: nothing listened, so nothing was sent. Anything else may have reached the server.
    return { kind: code === 'ECONNREFUSED' ? 'refused' : 'broken', message: code, ms };
  }
};

/**
 * A GET on a brand-new connection (no keep-alive pool), as a new client would open: tells
 * "refused" (nothing listens) apart from a reused connection that the server closed.
 */
export const freshGet = (url: string, timeoutMs = 10_000): Promise<HttpResult | NetworkFailure> =>
  new Promise((resolve) => {
    const started = Date.now();
    const req = httpRequest(url, { agent: false, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        resolve({ status: res.statusCode ?? 0, headers, text, json, ms: Date.now() - started });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const ms = Date.now() - started;
      if (error.code === 'TIMEOUT') resolve({ kind: 'timeout', message: 'timeout', ms });
      else
        resolve({
          kind: error.code === 'ECONNREFUSED' ? 'refused' : 'broken',
          message: String(error.code ?? error.message),
          ms,
        });
    });
    req.end();
  });

export const isNetworkFailure = (r: HttpResult | NetworkFailure): r is NetworkFailure =>
  'kind' in r;

/** The body of a 201 to a ballot submission (the fields these checks read). */
export interface Submitted {
  drawId: number;
  drawDate: string;
  quantity: number;
  /** The accepted ballots' numbers, ascending. */
  ballotIds: number[];
}

/** A 201's ballots, as the client saw them. */
export interface Acknowledged {
  client: number;
  participantId: number;
  lotteryId: number;
  quantity: number;
  ids: number[];
  drawId: number;
  drawDate: string;
  key?: string;
  replayed: boolean;
  /** Which server answered (its URL). */
  server: string;
}

/** A request that may or may not have been carried out. */
export interface Unknown {
  client: number;
  participantId: number;
  lotteryId: number;
  quantity: number;
  key?: string;
  failure: string;
}

export interface LoadStats {
  sent: number;
  acknowledged: number;
  ballots: number;
  statuses: Record<string, number>;
  /** Keys whose retries kept answering "in progress" (the first attempt died half-way). */
  stuckKeys: number;
  /** The slowest answer (ms) of a request that got an HTTP answer. */
  slowest: number;
}

interface PendingRetry {
  lotteryId: number;
  quantity: number;
  key: string;
  attempts: number;
}

/** The quantity mix: mostly one ballot, often a few, sometimes a bulk request. */
const pickQuantity = () => {
  const r = Math.random();
  if (r < 0.5) return 1;
  if (r < 0.85) return 2 + Math.floor(Math.random() * 9);
  return 50 + Math.floor(Math.random() * 151);
};

export class LoadClient {
  readonly acknowledged: Acknowledged[] = [];
  readonly unknown: Unknown[] = [];
  readonly problems: { status: number; body: string; server: string }[] = [];
  readonly stats: LoadStats = {
    sent: 0,
    acknowledged: 0,
    ballots: 0,
    statuses: {},
    stuckKeys: 0,
    slowest: 0,
  };
  private stopped = false;
  private loop: Promise<void> | undefined;
  private retry: PendingRetry | undefined;

  constructor(
    readonly index: number,
    readonly player: Player,
    private readonly servers: () => string[],
    private readonly lotteryIds: number[],
    private readonly options: { keyedShare?: number; timeoutMs?: number; pauseMs?: number } = {},
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Stops after the request in flight; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private count(label: string) {
    this.stats.statuses[label] = (this.stats.statuses[label] ?? 0) + 1;
  }

  private async run(): Promise<void> {
    // Bounded: at most this many requests per client, however long the scenario runs.
    for (let i = 0; i < 100_000 && !this.stopped; i++) {
      const servers = this.servers();
      const server = servers[Math.floor(Math.random() * servers.length)]!;
      const request = this.retry ?? {
        lotteryId: this.lotteryIds[Math.floor(Math.random() * this.lotteryIds.length)]!,
        quantity: pickQuantity(),
        key: Math.random() < (this.options.keyedShare ?? 0.3) ? randomUUID() : '',
        attempts: 0,
      };
      this.stats.sent += 1;
      const result = await http(`${server}/api/v1/lotteries/${request.lotteryId}/ballots`, {
        method: 'POST',
        token: this.player.token,
        body: { quantity: request.quantity },
        headers: request.key ? { 'idempotency-key': request.key } : {},
        timeoutMs: this.options.timeoutMs ?? 15_000,
      });
      if (isNetworkFailure(result)) {
        this.count(result.kind);
        if (result.kind !== 'refused') {
          this.unknown.push({
            client: this.index,
            participantId: this.player.id,
            lotteryId: request.lotteryId,
            quantity: request.quantity,
            ...(request.key ? { key: request.key } : {}),
            failure: `${result.kind}: ${result.message}`,
          });
        }
        // A keyed request is retried with its key, which makes the retry safe.
        this.retry =
          request.key && request.attempts < 30
            ? { ...request, attempts: request.attempts + 1 }
            : undefined;
        await pause(50 + Math.random() * 100);
        continue;
      }
      this.stats.slowest = Math.max(this.stats.slowest, result.ms);
      this.count(String(result.status));
      if (result.status === 201) {
        const body = result.json as Submitted;
        this.acknowledged.push({
          client: this.index,
          participantId: this.player.id,
          lotteryId: request.lotteryId,
          quantity: request.quantity,
          ids: body.ballotIds,
          drawId: body.drawId,
          drawDate: body.drawDate,
          ...(request.key ? { key: request.key } : {}),
          replayed: result.headers.get('idempotent-replayed') === 'true',
          server,
        });
        this.stats.acknowledged += 1;
        this.stats.ballots += body.ballotIds.length;
        this.retry = undefined;
      } else {
        this.problems.push({ status: result.status, body: result.text.slice(0, 500), server });
        if (result.status >= 500) {
          // A 5xx promises nothing about what happened: count it as an unknown outcome.
          this.unknown.push({
            client: this.index,
            participantId: this.player.id,
            lotteryId: request.lotteryId,
            quantity: request.quantity,
            ...(request.key ? { key: request.key } : {}),
            failure: `http ${result.status}`,
          });
        }
        const code = (result.json as { code?: string } | undefined)?.code;
        if (code === 'idempotency-key-in-progress' && request.key && request.attempts < 30) {
          this.retry = { ...request, attempts: request.attempts + 1 };
          if (request.attempts + 1 >= 30) this.stats.stuckKeys += 1;
        } else if (result.status >= 500 && request.key && request.attempts < 30) {
          this.retry = { ...request, attempts: request.attempts + 1 };
        } else {
          if (code === 'idempotency-key-in-progress') this.stats.stuckKeys += 1;
          this.retry = undefined;
        }
        await pause(20 + Math.random() * 50);
      }
      await pause(Math.random() * (this.options.pauseMs ?? 5));
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const startLoad = (
  players: Player[],
  servers: () => string[],
  lotteryIds: number[],
  options?: ConstructorParameters<typeof LoadClient>[4],
): LoadClient[] => {
  const clients = players.map((p, i) => new LoadClient(i, p, servers, lotteryIds, options));
  for (const c of clients) c.start();
  return clients;
};

export const mergeStats = (clients: LoadClient[]): LoadStats => {
  const total: LoadStats = {
    sent: 0,
    acknowledged: 0,
    ballots: 0,
    statuses: {},
    stuckKeys: 0,
    slowest: 0,
  };
  for (const { stats } of clients) {
    total.sent += stats.sent;
    total.acknowledged += stats.acknowledged;
    total.ballots += stats.ballots;
    total.stuckKeys += stats.stuckKeys;
    total.slowest = Math.max(total.slowest, stats.slowest);
    for (const [k, v] of Object.entries(stats.statuses))
      total.statuses[k] = (total.statuses[k] ?? 0) + v;
  }
  return total;
};

/**
 * Checks the database against what the clients saw. Returns violations (empty when all is well):
 * - every acknowledged ballot is stored exactly once, for its participant, lottery and draw;
 * - a replay returns exactly the ballots of the first answer (never a second set);
 * - the stored ballots that no 201 announced come from requests whose outcome the client could
 *   not know, whole: each such request left all its N ballots or none.
 */
export const acknowledgedViolations = async (
  world: World,
  clients: LoadClient[],
  lotteryIds: number[],
): Promise<{ violations: string[]; unacknowledgedStored: number; acknowledgedBallots: number }> => {
  const problems: string[] = [];
  const acknowledged = clients.flatMap((c) => c.acknowledged);
  const unknown = clients.flatMap((c) => c.unknown);

  // One acknowledgement per request: replays must repeat the first answer exactly.
  const byKey = new Map<string, Acknowledged>();
  const requests: Acknowledged[] = [];
  for (const ack of acknowledged) {
    if (ack.ids.length !== ack.quantity)
      problems.push(`a 201 for ${ack.quantity} ballots listed ${ack.ids.length}`);
    if (ack.key) {
      const first = byKey.get(ack.key);
      if (first) {
        if (JSON.stringify(first.ids) !== JSON.stringify(ack.ids)) {
          problems.push(`key ${ack.key} answered two different sets of ballots`);
        }
        continue;
      }
      byKey.set(ack.key, ack);
    }
    requests.push(ack);
  }
  const ackedIds = new Map<number, Acknowledged>();
  for (const ack of requests) {
    for (const id of ack.ids) {
      if (ackedIds.has(id)) problems.push(`ballot ${id} was acknowledged twice`);
      ackedIds.set(id, ack);
    }
  }

  const stored = await world.ctx.db
    .selectFrom('ballots')
    .innerJoin('draws', 'draws.id', 'ballots.draw_id')
    .select([
      'ballots.id',
      'ballots.quantity',
      'ballots.participant_id',
      'ballots.lottery_id',
      'ballots.draw_id',
      'ballots.submitted_at',
      'draws.draw_date',
    ])
    .where('ballots.lottery_id', 'in', lotteryIds)
    .where(
      'ballots.participant_id',
      'in',
      clients.map((c) => c.player.id),
    )
    .execute()
    .then(eachBallot);
  const storedById = new Map(stored.map((b) => [b.id, b]));
  let missing = 0;
  for (const [id, ack] of ackedIds) {
    const row = storedById.get(id);
    if (!row) {
      missing += 1;
      if (missing <= 5)
        problems.push(`acknowledged ballot ${id} (client ${ack.client}) is missing`);
      continue;
    }
    if (
      row.participant_id !== ack.participantId ||
      row.lottery_id !== ack.lotteryId ||
      row.draw_id !== ack.drawId ||
      row.draw_date !== ack.drawDate
    ) {
      problems.push(
        `ballot ${id} is stored as ${JSON.stringify(row)}, acknowledged as ${JSON.stringify({ ...ack, ids: undefined })}`,
      );
    }
  }
  if (missing > 5) problems.push(`… ${missing} acknowledged ballots missing in all`);

  // The rest: grouped per participant and submission instant (one request per client at a time).
  const extra = stored.filter((b) => !ackedIds.has(b.id));
  const groups = new Map<string, number>();
  for (const b of extra) {
    const key = `${b.participant_id}|${b.lottery_id}|${b.submitted_at}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const pending = new Map<string, number[]>();
  for (const u of unknown) {
    const key = `${u.participantId}|${u.lotteryId}`;
    pending.set(key, [...(pending.get(key) ?? []), u.quantity]);
  }
  for (const [group, size] of groups) {
    const [participant, lottery] = group.split('|');
    const quantities = pending.get(`${participant}|${lottery}`) ?? [];
    // Usually one request per group; two requests could share a millisecond, so allow sums.
    const i = quantities.indexOf(size);
    if (i !== -1) {
      quantities.splice(i, 1);
      continue;
    }
    if (!isSubsetSum(quantities, size)) {
      problems.push(
        `${size} unacknowledged ballots of participant ${participant} (lottery ${lottery}) match no request whose outcome was unknown (${JSON.stringify(quantities)})`,
      );
    }
  }
  return {
    violations: problems,
    unacknowledgedStored: extra.length,
    acknowledgedBallots: ackedIds.size,
  };
};

const isSubsetSum = (values: number[], target: number): boolean => {
  if (values.length > 16) return true; // too many to enumerate; never happens in these scenarios
  for (let mask = 1; mask < 1 << values.length; mask++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) if (mask & (1 << i)) sum += values[i]!;
    if (sum === target) return true;
  }
  return false;
};
