import { afterAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { probe, ServerProcess } from '../support/server-process.js';
import {
  acknowledgedViolations,
  http,
  isNetworkFailure,
  mergeStats,
  startLoad,
  type LoadClient,
} from './support/load.js';
import {
  ensurePostgresRunningSync,
  startPostgres,
  stopPostgres,
  withPostgresLock,
} from './support/postgres.js';
import { byProfile, scenario } from './support/report.js';
import {
  createOpenLottery,
  createPlayers,
  drawOf,
  eventually,
  expectedResult,
  invariantViolations,
  moveMidnight,
  openWorld,
  resultOf,
  seedBallots,
  sleep,
} from './support/world.js';

/**
 * Database outage: the shared PostgreSQL server is stopped under load for a few seconds, then
 * started again (always, in a `finally`; other suites use it too, so the outage is short and
 * this is the last test of its file). A draw's midnight is moved to fall inside the outage.
 *
 * Checked: while the database is down every request is answered, quickly (< 10 s), with a 503
 * problem document (no hang, no 500, no crash: the process stays up and /healthz answers);
 * /readyz says 503; afterwards the service recovers by itself (/readyz 200, ballots accepted)
 * and the draw missed during the outage is drawn, with the expected result.
 */

const rounds = byProfile({ ci: 1, soak: 3 });
const OUTAGE_MS = byProfile({ ci: 4000, soak: 6000 });
const ANSWER_BOUND_MS = 10_000;

afterAll(() => ensurePostgresRunningSync());

describe.skipIf(!dialects.includes('postgres'))('database outage on postgres', () => {
  it(
    `answers 503 quickly while PostgreSQL is down and recovers by itself (${rounds} outage(s))`,
    () =>
      withPostgresLock(() =>
        scenario(
          {
            scenario: 'Database outage',
            database: 'PostgreSQL',
            checked: `PostgreSQL stopped for ${OUTAGE_MS / 1000} s under ballot load, with a draw's midnight inside the outage; every answer during the outage a 503 problem document within ${ANSWER_BOUND_MS / 1000} s, /readyz 503, /healthz 200, process up; then /readyz 200 and ballots accepted again without a restart, the missed draw drawn with the expected result; every 201 ballot present once; invariants`,
          },
          async (notes) => {
            const world = await openWorld('postgres');
            const server = await ServerProcess.prepare({
              databaseUrl: world.database.url,
              name: 'outage',
              env: { DB_POOL_SIZE: '5', LOG_LEVEL: 'warn' },
            });
            const all: LoadClient[] = [];
            const seen = {
              readyz: new Set<number>(),
              outageStatuses: {} as Record<string, number>,
              slowest: 0,
              recoveryMs: [] as number[],
              missed: 0,
            };
            try {
              const players = await createPlayers(world, 3);
              const crowd = await createPlayers(world, 1);
              const open = await createOpenLottery(world);
              await server.start();

              for (let round = 0; round < rounds; round++) {
                const midnight = await createOpenLottery(world);
                await seedBallots(
                  world,
                  await drawOf(world, midnight.id, midnight.today),
                  [crowd[0]!.id],
                  50,
                );
                const clients = startLoad(players, () => [server.url], [open.id], {
                  timeoutMs: 30_000,
                });
                all.push(...clients);
                await eventually(
                  'load',
                  30_000,
                  async () => (clients.every((c) => c.acknowledged.length > 0) ? true : undefined),
                  20,
                );

                // The draw is due while the database is down (if stopping it is not very slow).
                const closesAt = Date.now() + 2500;
                const drawId = await moveMidnight(world, midnight, closesAt);
                const before = mergeStats(clients);
                let outageEnded = 0;
                try {
                  await stopPostgres();
                  const stoppedAt = Date.now();
                  if (stoppedAt < closesAt) seen.missed += 1;
                  // While it is down: probe readiness, liveness and an API read; clients go on.
                  while (Date.now() < stoppedAt + OUTAGE_MS) {
                    const started = Date.now();
                    const ready = await http(`${server.url}/readyz`, {
                      timeoutMs: ANSWER_BOUND_MS + 5000,
                    });
                    if (isNetworkFailure(ready))
                      throw new Error(`/readyz did not answer during the outage: ${ready.message}`);
                    seen.readyz.add(ready.status);
                    expect(ready.status).toBe(503);
                    expect(ready.headers.get('content-type')).toMatch(
                      /^application\/problem\+json/,
                    );
                    expect(await probe(`${server.url}/healthz`, ANSWER_BOUND_MS)).toBe(200);
                    const read = await http(`${server.url}/api/v1/lotteries`, {
                      timeoutMs: ANSWER_BOUND_MS + 5000,
                    });
                    if (isNetworkFailure(read))
                      throw new Error(`GET /lotteries did not answer: ${read.message}`);
                    expect(read.status).toBe(503);
                    expect(read.json).toMatchObject({
                      status: 503,
                      title: expect.any(String),
                      detail: expect.any(String),
                    });
                    expect(read.headers.get('retry-after')).toBeTruthy();
                    seen.slowest = Math.max(seen.slowest, Date.now() - started);
                    expect(server.isRunning).toBe(true);
                    await sleep(250);
                  }
                } finally {
                  await startPostgres();
                  outageEnded = Date.now();
                }
                // Recovers by itself: ready again, and ballots accepted again.
                await eventually('/readyz 200 after the outage', 30_000, async () =>
                  (await probe(`${server.url}/readyz`)) === 200 ? true : undefined,
                );
                const acked = () => clients.reduce((n, c) => n + c.acknowledged.length, 0);
                const ackedAtRecovery = acked();
                await eventually(
                  'ballots accepted after the outage',
                  30_000,
                  async () => (acked() > ackedAtRecovery + 3 ? true : undefined),
                  20,
                );
                seen.recoveryMs.push(Date.now() - outageEnded);
                // The draw missed during the outage is caught up.
                const result = await eventually(
                  'the missed draw to be drawn',
                  60_000,
                  async () => (await resultOf(world, drawId)) ?? undefined,
                );
                await Promise.all(clients.map((c) => c.stop()));

                const after = mergeStats(clients);
                for (const [status, n] of Object.entries(after.statuses)) {
                  const delta = n - (before.statuses[status] ?? 0);
                  if (delta > 0)
                    seen.outageStatuses[status] = (seen.outageStatuses[status] ?? 0) + delta;
                }
                // Every refusal the clients got was a 503 problem document, answered in time.
                for (const p of clients.flatMap((c) => c.problems)) {
                  expect(p.status).toBe(503);
                  expect(JSON.parse(p.body)).toMatchObject({
                    status: 503,
                    title: expect.any(String),
                    detail: expect.any(String),
                  });
                }
                expect(after.slowest).toBeLessThan(ANSWER_BOUND_MS);
                expect(after.statuses.timeout ?? 0).toBe(0);
                expect(after.statuses.broken ?? 0).toBe(0);
                expect(after.statuses.refused ?? 0).toBe(0);
                seen.slowest = Math.max(seen.slowest, after.slowest);

                const expected = await expectedResult(world, drawId);
                expect(result.winning_ballot_id).toBe(expected.winningBallotId);
                expect(result.merkle_root).toBe(expected.merkleRoot);
                const { violations } = await acknowledgedViolations(world, all, [
                  open.id,
                  midnight.id,
                ]);
                expect(violations).toEqual([]);
                expect(await invariantViolations(world)).toEqual([]);
                expect(server.isRunning).toBe(true);
                notes.rounds = round + 1;
              }
              const stats = mergeStats(all);
              notes.notes.push(
                `client answers across the outage ${JSON.stringify(seen.outageStatuses)}, slowest ${seen.slowest} ms`,
                `/readyz during the outage: ${[...seen.readyz].join(', ')}`,
                `ballots accepted again ${seen.recoveryMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} after PostgreSQL was back`,
                `${seen.missed} of ${rounds} draw midnight(s) fell inside the outage and were caught up`,
                `${stats.acknowledged} ballot requests acknowledged in all`,
              );
            } catch (error) {
              if (!server.isRunning) {
                throw new Error(
                  `the server died during the outage: ${String(error)}\n${server.tail(40)}`,
                  { cause: error },
                );
              }
              throw error;
            } finally {
              ensurePostgresRunningSync();
              await Promise.all(all.map((c) => c.stop()));
              await server.stop();
              await world.dispose();
            }
          },
        ),
      ),
    byProfile({ ci: 180_000, soak: 1_800_000 }),
  );
});
