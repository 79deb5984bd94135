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
} from './support/load.js';
import { withPostgresLock } from './support/postgres.js';
import { byProfile, scenario } from './support/report.js';
import {
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
const LOGINS = 12;
const BULKS = 4;
const EXIT_BOUND_MS = 15_000;

type Outcome = { what: 'login' | 'ballots'; result: HttpResult | NetworkFailure; doneAt: number };

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

              for (let round = 0; round < rounds; round++) {
                await server.start();
                const outcomes: Promise<Outcome>[] = [
                  ...names.map(async (username) => ({
                    what: 'login' as const,
                    result: await http(`${server.url}/api/v1/sessions`, {
                      method: 'POST',
                      body: { username, password: PASSWORD },
                      timeoutMs: 30_000,
                    }),
                    doneAt: Date.now(),
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
                      const ballots = (
                        result.json as {
                          ballots: { id: number; drawId: number; drawDate: string }[];
                        }
                      ).ballots;
                      recorders[i]!.acknowledged.push({
                        client: i,
                        participantId: player.id,
                        lotteryId: lottery.id,
                        quantity: 1000,
                        ids: ballots.map((b) => b.id),
                        drawId: ballots[0]!.drawId,
                        drawDate: ballots[0]!.drawDate,
                        replayed: false,
                        server: server.url,
                      });
                    }
                    return { what: 'ballots' as const, result, doneAt: Date.now() };
                  }),
                ];
                // Let the server receive them all, then ask it to stop.
                await sleep(60);
                const signalled = Date.now();
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
                expect(exit.forced, server.saveOutput()).toBe(false);
                expect(exit.code, `exit ${exit.code}; output in ${server.saveOutput()}`).toBe(0);
                expect(exit.ms).toBeLessThan(EXIT_BOUND_MS);

                for (const { what, result } of results) {
                  if (isNetworkFailure(result))
                    throw new Error(
                      `an in-flight ${what} failed: ${result.kind} ${result.message}`,
                    );
                  expect(result.status, `${what}: ${result.text}`).toBe(
                    what === 'login' ? 200 : 201,
                  );
                }
                const after = results.filter((r) => r.doneAt > signalled).length;
                observed.inFlightAtSignal.push(after);
                expect(server.logs().some((l) => l.msg === 'shutting down')).toBe(true);
                notes.rounds = round + 1;
              }
              // Every request answered before the signal or after it was a success; some of them
              // were still running when the signal came (else the round proved nothing).
              expect(Math.max(...observed.inFlightAtSignal)).toBeGreaterThan(0);
              const { violations } = await acknowledgedViolations(world, recorders, [lottery.id]);
              expect(violations).toEqual([]);
              expect(await invariantViolations(world)).toEqual([]);
              notes.notes.push(
                `requests still in flight at SIGTERM (all completed normally): ${observed.inFlightAtSignal.join(', ')} of ${LOGINS + BULKS}`,
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
