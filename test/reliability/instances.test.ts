import { describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startServers, type ServerProcess } from '../support/server-process.js';
import {
  acknowledgedViolations,
  http,
  isNetworkFailure,
  mergeStats,
  startLoad,
  type LoadClient,
} from './support/load.js';
import { withPostgresLock } from './support/postgres.js';
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
  type TestLottery,
} from './support/world.js';

/**
 * Several instances: three server processes on one PostgreSQL database pass a midnight under
 * load (the draws' windows are moved to close a few seconds from now, as the servers read the
 * system clock). Every instance runs the scheduler and races for the draws. Checked: exactly one
 * result per draw, recorded by exactly one instance (its "draw drawn" log line), the result is
 * the one recomputed independently, and clients of every instance see the same winners.
 */

const rounds = byProfile({ ci: 1, soak: 5 });
const INSTANCES = 3;

describe.skipIf(!dialects.includes('postgres'))('several instances on postgres', () => {
  it(
    `draw each draw exactly once and show the same winners on every instance (${rounds} midnight(s))`,
    () =>
      withPostgresLock(() =>
        scenario(
          {
            scenario: 'Several instances across midnight',
            database: 'PostgreSQL',
            checked:
              'three server processes on one database, clients spread over all of them, three lotteries (20,000 seeded ballots, a few, none) pass a moved midnight; exactly one result per draw, logged by exactly one instance; winner equals the independent recomputation; GET of each draw from every instance identical; every 201 ballot present once; invariants',
          },
          async (notes) => {
            const world = await openWorld('postgres');
            let servers: ServerProcess[] = [];
            const all: LoadClient[] = [];
            const drawers = new Map<number, number>();
            // Every round's lotteries: the clients of earlier rounds are checked again each round.
            const allLotteryIds: number[] = [];
            try {
              const players = await createPlayers(world, 4);
              const crowd = await createPlayers(world, 2);
              servers = await startServers(INSTANCES, {
                databaseUrl: world.database.url,
                namePrefix: 'instance',
                env: { DB_POOL_SIZE: '4', LOG_LEVEL: 'info' },
              });
              const urls = () => servers.map((s) => s.url);
              for (let round = 0; round < rounds; round++) {
                const lotteries: TestLottery[] = [];
                for (let i = 0; i < 3; i++) lotteries.push(await createOpenLottery(world));
                allLotteryIds.push(...lotteries.map((l) => l.id));
                const big = await drawOf(world, lotteries[0]!.id, lotteries[0]!.today);
                await seedBallots(
                  world,
                  big,
                  crowd.map((p) => p.id),
                  20_000,
                );
                // The third lottery gets no ballots at all: its draw has no winner.
                const clients = startLoad(players, urls, [lotteries[0]!.id, lotteries[1]!.id]);
                all.push(...clients);
                await eventually('load on every instance', 30_000, async () => {
                  const served = new Set(
                    clients.flatMap((c) => c.acknowledged.map((a) => a.server)),
                  );
                  return served.size === INSTANCES ? true : undefined;
                });
                const closesAt = Date.now() + 2000;
                const drawIds: number[] = [];
                for (const lottery of lotteries)
                  drawIds.push(await moveMidnight(world, lottery, closesAt));
                const results = await eventually(
                  'every draw drawn',
                  90_000,
                  async () => {
                    const found = await Promise.all(drawIds.map((id) => resultOf(world, id)));
                    return found.every(Boolean) ? found.map((r) => r!) : undefined;
                  },
                  100,
                );
                // A little more load after midnight: those ballots go to the next day.
                const acked = () => clients.reduce((n, c) => n + c.acknowledged.length, 0);
                const before = acked();
                await eventually('load after midnight', 30_000, async () =>
                  acked() > before + 4 ? true : undefined,
                );
                await Promise.all(clients.map((c) => c.stop()));

                for (const [i, drawId] of drawIds.entries()) {
                  const expected = await expectedResult(world, drawId);
                  expect({
                    ballotCount: results[i]!.ballot_count,
                    merkleRoot: results[i]!.merkle_root,
                    winningIndex: results[i]!.winning_index,
                    winningBallotId: results[i]!.winning_ballot_id,
                  }).toEqual(expected);
                }
                expect(results[2]!.winning_ballot_id).toBeNull();

                // Every instance's clients see the same draws.
                for (const lottery of lotteries) {
                  const views = [];
                  for (const server of servers) {
                    const response = await http(
                      `${server.url}/api/v1/lotteries/${lottery.id}/draws/${lottery.today}`,
                    );
                    if (isNetworkFailure(response))
                      throw new Error(`${server.name}: ${response.message}`);
                    expect(response.status).toBe(200);
                    const body = response.json as {
                      status: string;
                      ballotCount: number;
                      winningBallot: unknown;
                      fairness: Record<string, unknown>;
                    };
                    expect(body.status).toBe('drawn');
                    views.push({
                      ballotCount: body.ballotCount,
                      winningBallot: body.winningBallot,
                      fairness: body.fairness,
                    });
                  }
                  expect(views[1]).toEqual(views[0]);
                  expect(views[2]).toEqual(views[0]);
                  const day = [];
                  for (const server of servers) {
                    const response = await http(`${server.url}/api/v1/draws?date=${lottery.today}`);
                    if (isNetworkFailure(response))
                      throw new Error(`${server.name}: ${response.message}`);
                    const draws = (
                      response.json as {
                        draws: { lotteryId: number; winningBallot: unknown; status: string }[];
                      }
                    ).draws;
                    day.push(draws.find((d) => d.lotteryId === lottery.id));
                  }
                  expect(day[0]).toMatchObject({ status: 'drawn' });
                  expect(day[1]).toEqual(day[0]);
                  expect(day[2]).toEqual(day[0]);
                }

                // Exactly one instance recorded each result.
                for (const drawId of drawIds) {
                  const loggers = servers.filter((s) =>
                    s.logs().some((l) => l.msg === 'draw drawn' && l.drawId === drawId),
                  );
                  expect(loggers.map((s) => s.name)).toHaveLength(1);
                  const index = servers.indexOf(loggers[0]!);
                  drawers.set(index, (drawers.get(index) ?? 0) + 1);
                }
                const { violations } = await acknowledgedViolations(world, all, allLotteryIds);
                expect(violations).toEqual([]);
                expect(await invariantViolations(world)).toEqual([]);
                notes.rounds = round + 1;
              }
              const stats = mergeStats(all);
              expect(stats.statuses['500'] ?? 0).toBe(0);
              for (const server of servers) expect(server.isRunning).toBe(true);
              notes.notes.push(
                `${stats.acknowledged} ballot requests acknowledged across ${INSTANCES} instances`,
                `draws recorded per instance: ${servers.map((s, i) => `${s.name} ${drawers.get(i) ?? 0}`).join(', ')}`,
                `statuses ${JSON.stringify(stats.statuses)}`,
              );
            } finally {
              await Promise.all(all.map((c) => c.stop()));
              await Promise.all(servers.map((s) => s.stop()));
              await world.dispose();
            }
          },
        ),
      ),
    byProfile({ ci: 180_000, soak: 3_600_000 }),
  );
});
