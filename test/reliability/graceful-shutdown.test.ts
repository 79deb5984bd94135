import { describe, expect, it } from 'vitest';
import { registerParticipant } from '../../src/app/participants.js';
import { argon2Hasher } from '../../src/infra/passwords.js';
import { dialects } from '../support/databases.js';
import { ServerProcess } from '../support/server-process.js';
import {
  freshGet,
  http,
  isNetworkFailure,
  LoadClient,
  type HttpResult,
  type NetworkFailure,
  type Submitted,
} from './support/load.js';
import { withPostgresLock } from './support/postgres.js';
import { byProfile, scenario } from './support/report.js';
import {
  eventually,
  createOpenLottery,
  createPlayers,
  dialectLabel,
  invariantViolations,
  openWorld,
  PASSWORD,
  sleep,
} from './support/world.js';
import { acknowledgedViolations } from './support/load.js';

/**
 * Graceful shutdown: slow requests are started (logins, which verify an argon2id hash with the
 * production parameters, and bulk ballot submissions), then the server gets SIGTERM. Checked:
 * every request already received completes with its normal status, new requests are turned
 * away, the process exits 0 within a bounded time, and the acknowledged ballots are stored.
 */

const rounds = byProfile({ ci: 1, soak: 5 });
const LOGINS = 40;
const BULKS = 4;
const EXIT_BOUND_MS = 15_000;

type Outcome = { what: 'login' | 'ballots'; result: HttpResult | NetworkFailure };

describe.each(dialects)('graceful shutdown on %s', (dialect) => {
  it(
    `finishes in-flight requests on SIGTERM and exits 0 (${rounds} round(s))`,
    () =>
      (dialect === 'postgres' ? withPostgresLock : (f: () => Promise<void>) => f())(() =>
        scenario(
          {
            scenario: 'Graceful shutdown',
            database: dialectLabel(dialect),
            checked: `SIGTERM while ${LOGINS} logins (production argon2id) and ${BULKS} bulk ballot requests are in flight: all complete with 200/201, requests after the signal are turned away, exit code 0 within ${EXIT_BOUND_MS / 1000} s, acknowledged ballots stored`,
          },
          async (notes) => {
            const world = await openWorld(dialect);
            const server = await ServerProcess.prepare({
              databaseUrl: world.database.url,
              name: `graceful-${dialect}`,
              env: {
                DB_POOL_SIZE: '5',
                LOG_LEVEL: 'info',
                RATE_LIMIT_FAILED_LOGINS_PER_HOUR: '1000',
              },
            });
            const observed = {
              inFlightAtSignal: [] as number[],
              turnedAwayInFlight: 0,
              resets: 0,
              exitMs: [] as number[],
              turnedAway: new Set<string>(),
            };
            try {
              // Accounts hashed with the production parameters, so each login takes real work.
              const production = { ...world.ctx, passwords: argon2Hasher() };
              const names = Array.from(
                { length: LOGINS },
                (_, i) => `slowlogin${i}x${Date.now().toString(36)}`,
              );
              await Promise.all(
                names.map((username) =>
                  registerParticipant(production, { username, password: PASSWORD }),
                ),
              );
              const players = await createPlayers(world, BULKS);
              const lottery = await createOpenLottery(world);
              const recorders = players.map((p, i) => new LoadClient(i, p, () => [server.url], []));

              // A round where every request had finished before the signal proves nothing: it is
              // run again, a bounded number of times (on SQLite the logins' synchronous commits
              // can delay the signal's handling until every request is done).
              for (
                let round = 0, attempts = 0;
                round < rounds && attempts < rounds * 3 + 3;
                attempts++
              ) {
                await server.start();
                const outcomes: Promise<Outcome>[] = [
                  ...names.map(async (username) => ({
                    what: 'login' as const,
                    result: await http(`${server.url}/api/v1/sessions`, {
                      method: 'POST',
                      body: { username, password: PASSWORD },
                      timeoutMs: 30_000,
                    }),
                  })),
                  ...players.map(async (player, i) => {
                    const result = await http(
                      `${server.url}/api/v1/lotteries/${lottery.id}/ballots`,
                      {
                        method: 'POST',
                        token: player.token,
                        body: { quantity: 1000 },
                        timeoutMs: 30_000,
                      },
                    );
                    if (!isNetworkFailure(result) && result.status === 201) {
                      const submitted = result.json as Submitted;
                      recorders[i]!.acknowledged.push({
                        client: i,
                        participantId: player.id,
                        lotteryId: lottery.id,
                        quantity: 1000,
                        ids: submitted.ballotIds,
                        drawId: submitted.drawId,
                        drawDate: submitted.drawDate,
                        replayed: false,
                        server: server.url,
                      });
                    }
                    return { what: 'ballots' as const, result };
                  }),
                ];
                // The server logs each request as it comes in and as it completes, in order, in
                // one stream: the signal comes as soon as one is received and not yet answered
                // (the rest are on their way; the server handles the signal at its next turn).
                const lines = () => server.logs().filter((l) => l.pid === server.pid);
                const isSlow = (l: Record<string, unknown>) =>
                  /\/(sessions|ballots)$/.test(String((l.req as { url?: string })?.url));
                const running = () => {
                  const log = lines();
                  const started = new Set(
                    log
                      .filter((l) => l.msg === 'incoming request' && isSlow(l))
                      .map((l) => l.reqId),
                  );
                  return log.filter((l) => l.msg === 'request completed' && started.has(l.reqId))
                    .length < started.size
                    ? true
                    : undefined;
                };
                await eventually('a request in flight', 30_000, async () => running(), 2);
                const stopping = server.stop(EXIT_BOUND_MS + 10_000);
                // New clients after the signal: readiness fails at once (draining), then nothing
                // listens. (A request that slips in before the listener closes is served.)
                await sleep(100);
                for (const path of ['/readyz', '/api/v1/lotteries']) {
                  const late = await freshGet(`${server.url}${path}`);
                  const seen = isNetworkFailure(late)
                    ? late.kind === 'broken'
                      ? `broken ${late.message}`
                      : late.kind
                    : String(late.status);
                  observed.turnedAway.add(`${path} ${seen}`);
                  // Reset: accepted just as the listener closed, then closed as idle, unanswered.
                  const away = ['503', 'refused', 'broken ECONNRESET'];
                  expect(path === '/readyz' ? away : ['200', ...away]).toContain(seen);
                }
                const results = await Promise.all(outcomes);
                const exit = await stopping;
                observed.exitMs.push(exit.ms);
                if (exit.forced || exit.code !== 0) {
                  // Only then is the output worth a file.
                  throw new Error(
                    `exit ${exit.code} (forced: ${exit.forced}); output in ${server.saveOutput()}`,
                  );
                }
                expect(exit.ms).toBeLessThan(EXIT_BOUND_MS);

                // In flight: received before the server logged the signal. Each one completed
                // with its normal status; so did every request the client saw answered, but for
                // those still on the wire at the signal, which may be turned away (503, refused).
                const log = lines();
                const signal = log.findIndex((l) => l.msg === 'shutting down');
                expect(signal).toBeGreaterThan(-1);
                const inFlight = log
                  .slice(0, signal)
                  .filter((l) => l.msg === 'incoming request' && isSlow(l))
                  .map((l) => l.reqId)
                  .filter(
                    (id) =>
                      !log
                        .slice(0, signal)
                        .some((l) => l.msg === 'request completed' && l.reqId === id),
                  );
                for (const id of inFlight) {
                  const done = log.find((l) => l.msg === 'request completed' && l.reqId === id);
                  expect(done, `request ${String(id)} never completed`).toBeDefined();
                  expect([200, 201]).toContain((done!.res as { statusCode: number }).statusCode);
                }
                let turnedAway = 0;
                let resets = 0;
                for (const { what, result } of results) {
                  if (isNetworkFailure(result)) {
                    // Not received at the signal: refused, or reset (accepted by the kernel just
                    // before the listener closed, then closed unread as an idle connection).
                    expect(`${result.kind} ${result.message}`, `a ${what} failed`).toMatch(
                      /^(refused|broken ECONNRESET)/,
                    );
                    turnedAway += 1;
                    resets += result.kind === 'broken' ? 1 : 0;
                  } else if (result.status === 503) {
                    turnedAway += 1;
                  } else {
                    expect(result.status, `${what}: ${result.text}`).toBe(
                      what === 'login' ? 200 : 201,
                    );
                  }
                }
                expect(results.length - turnedAway).toBeGreaterThanOrEqual(inFlight.length);
                observed.inFlightAtSignal.push(inFlight.length);
                observed.turnedAwayInFlight += turnedAway;
                observed.resets += resets;
                if (inFlight.length === 0) continue;
                round += 1;
                notes.rounds = round;
              }
              // Every counted round had requests in flight at the signal.
              expect(notes.rounds).toBe(rounds);
              const { violations } = await acknowledgedViolations(world, recorders, [lottery.id]);
              expect(violations).toEqual([]);
              expect(await invariantViolations(world)).toEqual([]);
              notes.notes.push(
                `requests in flight at SIGTERM (received, not answered; all completed with 200/201): ${observed.inFlightAtSignal.join(', ')} of ${LOGINS + BULKS} sent`,
                `${observed.turnedAwayInFlight} sent but not yet received at the signal were turned away (503, refused, or reset unread: ${observed.resets})`,
                `requests after the signal: ${[...observed.turnedAway].join(', ')}`,
                `exit 0 after ${observed.exitMs.map((ms) => `${ms} ms`).join(', ')}`,
              );
            } finally {
              await server.stop();
              await world.dispose();
            }
          },
        ),
      ),
    byProfile({ ci: 120_000, soak: 900_000 }),
  );
});
