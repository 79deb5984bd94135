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
  drawOf,
  eventually,
  expectedResult,
  invariantViolations,
  moveMidnight,
  openWorld,
  resultOf,
  seedBallots,
  sleep,
  type TestLottery,
} from './support/world.js';

/**
 * Crash at midnight: a draw holding many ballots (seeded by SQL) closes while clients keep
 * submitting, and the server is killed with SIGKILL just after the close has begun (the draw
 * row is claimed but not drawn yet), then started again.
 *
 * The servers read time from the system clock, so the test makes midnight happen now: it moves
 * the open draw's `closes_at` (and the next draw's `opens_at`) to a couple of seconds from now.
 *
 * The killed process held the draw's lease (120 s). In the CI profile the test expires that
 * lease in the database, as the passing of those two minutes would; the soak's first round per
 * database waits for the real lease instead, to show the take-over works by itself.
 *
 * Afterwards: the draw is drawn exactly once, with the result recomputed independently from the
 * fairness protocol (Merkle root over the ballots in id order, pick from the stored seed); every
 * acknowledged ballot is in the draw of the day its 201 named; nothing is half-written.
 */

const rounds = byProfile({ ci: 1, soak: 6 });
const seeded = byProfile({ ci: 200_000, soak: 200_000 });
const LEASE_MS = 120_000;

describe.each(dialects)('crash at midnight on %s', (dialect) => {
  it(
    `draws a big draw exactly once, with the expected winner, after a SIGKILL during its close (${rounds} round(s))`,
    () =>
      (dialect === 'postgres' ? withPostgresLock : (f: () => Promise<void>) => f())(() =>
        scenario(
          {
            scenario: 'Crash at midnight',
            database: dialectLabel(dialect),
            checked: `a draw with ${seeded.toLocaleString('en')} seeded ballots closes 1.5 s after the window is moved, under load; SIGKILL right after the close begins, restart; drawn exactly once with the independently recomputed Merkle root and winner; every 201 ballot in the draw of the day it was acknowledged for; invariants`,
          },
          async (notes) => {
            const world = await openWorld(dialect);
            const server = await ServerProcess.prepare({
              databaseUrl: world.database.url,
              name: `crash-midnight-${dialect}`,
              env: { DB_POOL_SIZE: '5', LOG_LEVEL: 'info' },
            });
            const all: LoadClient[] = [];
            const observed = {
              midClose: 0,
              afterSeal: 0,
              missed: 0,
              realLease: 0,
              closeMs: [] as number[],
            };
            try {
              const players = await createPlayers(world, 2);
              // The seeded ballots belong to others, so the clients' ballots stay theirs alone.
              const crowd = await createPlayers(world, 3);
              const lotteries: TestLottery[] = [];
              for (let round = 0; round < rounds; round++) {
                const lottery = await createOpenLottery(world);
                const draw = await drawOf(world, lottery.id, lottery.today);
                await seedBallots(
                  world,
                  draw,
                  crowd.map((p) => p.id),
                  seeded,
                );
                lotteries.push(lottery);
              }
              await server.start();

              for (let round = 0; round < rounds; round++) {
                const lottery = lotteries[round]!;
                const clients = startLoad(players, () => [server.url], [lottery.id], {
                  keyedShare: 0.5,
                });
                all.push(...clients);
                await eventually(
                  'load',
                  30_000,
                  async () => (clients.some((c) => c.acknowledged.length > 0) ? true : undefined),
                  20,
                );

                const closesAt = Date.now() + 1500;
                const drawId = await moveMidnight(world, lottery, closesAt);
                // Wait for the close to begin: the draw row claimed (closed) and not drawn yet.
                const claimed = await eventually(
                  'the close to begin',
                  60_000,
                  async () => {
                    const row = await world.ctx.db
                      .selectFrom('draws')
                      .select(['status', 'lease_owner', 'sealed_root'])
                      .where('id', '=', drawId)
                      .executeTakeFirstOrThrow();
                    return row.status === 'open' ? undefined : row;
                  },
                  5,
                );
                const claimedAt = Date.now();
                // Even rounds kill at once (mid-seal); odd ones a little later (after the seal, or too late).
                if (claimed.status === 'closed')
                  await sleep(Math.random() * (round % 2 === 0 ? 100 : 1500));
                await server.kill('SIGKILL');
                const atKill = await world.ctx.db
                  .selectFrom('draws')
                  .select(['status', 'sealed_root', 'sealed_count', 'lease_until'])
                  .where('id', '=', drawId)
                  .executeTakeFirstOrThrow();
                if (atKill.status === 'drawn') observed.missed += 1;
                else if (atKill.sealed_root !== null) observed.afterSeal += 1;
                else observed.midClose += 1;

                const realLease = byProfile({ ci: false, soak: round === 0 });
                if (atKill.status !== 'drawn' && !realLease) {
                  // The dead process's claim would hold for 120 s: let it run out now.
                  await world.ctx.db
                    .updateTable('draws')
                    .set({ lease_until: Date.now() - 1 })
                    .where('id', '=', drawId)
                    .where('status', '=', 'closed')
                    .execute();
                }
                if (realLease && atKill.status !== 'drawn') observed.realLease += 1;
                await server.start();
                const drawn = await eventually(
                  'the draw to be drawn after the restart',
                  (realLease ? LEASE_MS : 0) + 90_000,
                  async () => (await resultOf(world, drawId)) ?? undefined,
                  100,
                );
                observed.closeMs.push(Date.now() - claimedAt);
                await Promise.all(clients.map((c) => c.stop()));

                const expected = await expectedResult(world, drawId);
                expect(expected.ballotCount).toBeGreaterThanOrEqual(seeded);
                expect({
                  ballotCount: drawn.ballot_count,
                  merkleRoot: drawn.merkle_root,
                  winningIndex: drawn.winning_index,
                  winningBallotId: drawn.winning_ballot_id,
                }).toEqual(expected);
                if (atKill.sealed_root !== null) {
                  // Sealed before the kill: the published seal was kept, not redone differently.
                  expect(drawn.merkle_root).toBe(atKill.sealed_root);
                  expect(drawn.ballot_count).toBe(atKill.sealed_count);
                }
                expect(await count(world, 'draw_results', { drawId })).toBe(1);
                const after = await drawOf(world, lottery.id, lottery.today);
                expect(after.status).toBe('drawn');
                expect(after.closes_at).toBe(closesAt);

                // No ballot moved between days: each is in the draw its 201 named, and the
                // closed draw holds only ballots submitted before its (moved) midnight.
                const { violations } = await acknowledgedViolations(
                  world,
                  all,
                  lotteries.map((l) => l.id),
                );
                expect(violations).toEqual([]);
                const late = await world.ctx.db
                  .selectFrom('ballots')
                  .select('id')
                  .where('draw_id', '=', drawId)
                  .where('submitted_at', '>=', closesAt)
                  .execute();
                expect(late).toEqual([]);
                const nextDay = all
                  .flatMap((c) => c.acknowledged)
                  .filter((a) => a.lotteryId === lottery.id && a.drawId !== drawId);
                expect(nextDay.every((a) => a.drawDate > lottery.today)).toBe(true);
                expect(await invariantViolations(world)).toEqual([]);
                notes.rounds = round + 1;
              }
              // The restarted server logged the draw (the scheduler's catch-up), and nothing failed.
              const drawnLogs = server.logs().filter((l) => l.msg === 'draw drawn');
              expect(drawnLogs.length).toBeGreaterThanOrEqual(rounds);
              expect(mergeStats(all).statuses['500'] ?? 0).toBe(0);
              const stats = mergeStats(all);
              notes.notes.push(
                `killed mid-seal ${observed.midClose}, after the seal but before the result ${observed.afterSeal}, too late (already drawn) ${observed.missed}`,
                `${observed.realLease} round(s) waited for the real 120 s lease, the others expired it by SQL`,
                `claim to result across the crash: ${observed.closeMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}`,
                `${stats.acknowledged} ballot requests acknowledged around midnight, ${all.flatMap((c) => c.acknowledged).filter((a) => a.drawDate > lotteries[0]!.today).length} of them for the next day`,
              );
            } finally {
              await Promise.all(all.map((c) => c.stop()));
              await server.stop();
              await world.dispose();
            }
          },
        ),
      ),
    byProfile({ ci: 240_000, soak: 3_600_000 }),
  );
});
