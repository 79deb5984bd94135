import { describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { ServerProcess } from '../support/server-process.js';
import { acknowledgedViolations, mergeStats, startLoad, type LoadClient } from './support/load.js';
import { withPostgresLock } from './support/postgres.js';
import { byProfile, scenario } from './support/report.js';
import {
  count,
  createOpenLottery,
  createPlayers,
  dialectLabel,
  eventually,
  invariantViolations,
  openWorld,
  sleep,
} from './support/world.js';

/**
 * Crash during load: several clients submit ballots with their own bearer tokens (some with an
 * Idempotency-Key, retried with it after a failure) while the server is killed with SIGKILL at a
 * random moment and started again on the same port. Afterwards, checked in the database: every
 * ballot that got a 201 is there exactly once, in the draw the 201 named; the ballots no 201
 * announced come whole from requests whose outcome the client could not know; nothing is
 * half-written anywhere (see invariantViolations).
 */

const rounds = byProfile({ ci: 3, soak: 30 });
const clientsPerRound = byProfile({ ci: 4, soak: 6 });

describe.each(dialects)('crash during load on %s', (dialect) => {
  it(
    `keeps every acknowledged ballot, exactly once, across ${rounds} SIGKILLs under load`,
    () =>
      (dialect === 'postgres' ? withPostgresLock : (f: () => Promise<void>) => f())(() =>
        scenario(
          {
            scenario: 'Crash during load',
            database: dialectLabel(dialect),
            checked:
              'SIGKILL at a random moment while clients submit ballots (bearer tokens, some with Idempotency-Key), restart on the same port; in the database: every 201 ballot present once in its draw, unannounced ballots only whole from unknown-outcome requests, no half-written draw or result',
          },
          async (notes) => {
            const world = await openWorld(dialect);
            const server = await ServerProcess.prepare({
              databaseUrl: world.database.url,
              name: `crash-load-${dialect}`,
              env: { DB_POOL_SIZE: '5', LOG_LEVEL: 'warn' },
            });
            const all: LoadClient[] = [];
            try {
              const lotteries = [await createOpenLottery(world), await createOpenLottery(world)];
              const lotteryIds = lotteries.map((l) => l.id);
              const players = await createPlayers(world, clientsPerRound);
              await server.start();
              let unacknowledged = 0;
              for (let round = 0; round < rounds; round++) {
                const clients = startLoad(players, () => [server.url], lotteryIds);
                all.push(...clients);
                const acked = () => clients.reduce((n, c) => n + c.acknowledged.length, 0);
                // Load is flowing; then the kill comes at a random moment.
                await eventually(
                  'the first acknowledgements',
                  30_000,
                  async () => (acked() > 0 ? true : undefined),
                  20,
                );
                await sleep(Math.random() * 1500);
                const exit = await server.kill('SIGKILL');
                expect(exit.signal).toBe('SIGKILL');
                await sleep(Math.random() * 300);
                await server.start();
                // Clients find the restarted server by themselves; let them submit a little more.
                const before = acked();
                await eventually(
                  'acknowledgements after the restart',
                  30_000,
                  async () => (acked() > before + clients.length ? true : undefined),
                  20,
                );
                await Promise.all(clients.map((c) => c.stop()));

                const { violations, unacknowledgedStored } = await acknowledgedViolations(
                  world,
                  all,
                  lotteryIds,
                );
                unacknowledged = unacknowledgedStored;
                expect(violations).toEqual([]);
                expect(await invariantViolations(world)).toEqual([]);
                notes.rounds = round + 1;
              }
              const stats = mergeStats(all);
              expect(stats.statuses['500'] ?? 0).toBe(0);
              const stored = await count(world, 'ballots');
              notes.notes.push(
                `${stats.acknowledged} requests acknowledged (${stats.ballots} ballots, all present once)`,
                `${all.reduce((n, c) => n + c.unknown.length, 0)} requests with unknown outcome`,
                `${unacknowledged} stored ballots never acknowledged (whole requests)`,
                `${stats.stuckKeys} idempotency keys stuck "in progress"`,
                `${stored} ballots stored`,
              );
            } finally {
              await Promise.all(all.map((c) => c.stop()));
              await server.stop();
              await world.dispose();
            }
          },
        ),
      ),
    byProfile({ ci: 180_000, soak: 3_600_000 }),
  );
});
