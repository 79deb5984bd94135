import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import {
  acknowledgedViolations,
  http,
  isNetworkFailure,
  LoadClient,
  type HttpResult,
  type Submitted,
} from './support/load.js';
import { byProfile, scenario } from './support/report.js';
import {
  createOpenLottery,
  createPlayers,
  invariantViolations,
  openWorld,
} from './support/world.js';

/**
 * Disk full, for the embedded database: the SQLite file lives on a tiny tmpfs (2 MiB, mounted
 * for the test; we run as root), another file takes all but 256 KiB of it, and a client submits
 * bulk ballots until writes fail. (A submission is one row on SQLite, ADR 0016: without the other
 * file, 2 MiB would hold tens of thousands of them.)
 *
 * Checked: the refusal is a clear problem document (503/507, not a 500), the process stays up
 * and keeps serving reads, `PRAGMA integrity_check` says ok, and every acknowledged ballot is
 * there. Then the disk grows (remount) and the service accepts ballots again without a restart.
 */

const rounds = byProfile({ ci: 1, soak: 3 });
const canMount = process.getuid?.() === 0;

const mount = (dir: string, size: string) =>
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
const remount = (dir: string, size: string) =>
  execFileSync('mount', ['-o', `remount,size=${size}`, dir]);
const unmount = (dir: string) => {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
};

const isProblem = (r: HttpResult) =>
  (r.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
  typeof (r.json as { title?: unknown })?.title === 'string' &&
  (r.json as { status?: unknown })?.status === r.status &&
  typeof (r.json as { detail?: unknown })?.detail === 'string';

describe.skipIf(!canMount)('disk full on sqlite', () => {
  it(
    `refuses writes with a clear problem, stays consistent, and recovers when space returns (${rounds} round(s))`,
    () =>
      scenario(
        {
          scenario: 'Disk full',
          database: 'SQLite',
          checked:
            'database file on a 2 MiB tmpfs nearly filled by another file, bulk ballots until writes fail: a problem document (not 500), process up and reads served, PRAGMA integrity_check ok, every 201 ballot present; after growing the disk, ballots accepted again without a restart',
        },
        async (notes) => {
          for (let round = 0; round < rounds; round++) {
            const dir = mkdtempSync(join(tmpdir(), 'lottery-disk-full-'));
            mount(dir, '2m');
            const world = await openWorld('sqlite', { url: `sqlite:${join(dir, 'lottery.db')}` });
            const server = await ServerProcess.prepare({
              databaseUrl: world.database.url,
              name: 'disk-full',
              env: { LOG_LEVEL: 'warn' },
            });
            // The client's bookkeeping (acknowledged ballots) without its random load loop.
            const [player] = await createPlayers(world, 1);
            const recorder = new LoadClient(0, player!, () => [server.url], []);
            try {
              const lottery = await createOpenLottery(world);
              await server.start();
              const submit = async (quantity: number) => {
                const r = await http(`${server.url}/api/v1/lotteries/${lottery.id}/ballots`, {
                  method: 'POST',
                  token: player!.token,
                  body: { quantity },
                  timeoutMs: 30_000,
                });
                if (isNetworkFailure(r))
                  throw new Error(`no answer: ${r.message}\n${server.tail()}`);
                if (r.status === 201) {
                  const submitted = r.json as Submitted;
                  recorder.acknowledged.push({
                    client: 0,
                    participantId: player!.id,
                    lotteryId: lottery.id,
                    quantity,
                    ids: submitted.ballotIds,
                    drawId: submitted.drawId,
                    drawDate: submitted.drawDate,
                    replayed: false,
                    server: server.url,
                  });
                } else {
                  recorder.unknown.push({
                    client: 0,
                    participantId: player!.id,
                    lotteryId: lottery.id,
                    quantity,
                    failure: `http ${r.status}`,
                  });
                }
                return r;
              };

              // Fill the disk: all but 256 KiB by another file, the rest with ballots (bounded:
              // 256 KiB holds far fewer than 20,000 submissions).
              const free = statfsSync(dir);
              writeFileSync(
                join(dir, 'filler'),
                Buffer.alloc(Math.max(0, free.bavail * free.bsize - 256 * 1024)),
              );
              let refusal: HttpResult | undefined;
              for (let i = 0; i < 20_000 && !refusal; i++) {
                const r = await submit(1000);
                if (r.status !== 201) refusal = r;
              }
              expect(refusal, 'writes never failed: the disk did not fill').toBeDefined();
              const acknowledged = recorder.acknowledged.reduce((n, a) => n + a.ids.length, 0);
              // More writes while full: each refused the same clear way, small ones too.
              const again = [refusal!, await submit(1000), await submit(1)];
              const statuses = again.map((r) => r.status);
              for (const r of again) {
                if (r.status === 201) continue; // a single ballot may still fit in a freed page
                expect(r.status, `answered ${r.status}: ${r.text}`).not.toBe(500);
                expect([503, 507]).toContain(r.status);
                expect(isProblem(r), r.text).toBe(true);
              }
              // Still alive, still reading.
              expect(server.isRunning).toBe(true);
              const read = await http(`${server.url}/api/v1/lotteries/${lottery.id}`);
              expect(isNetworkFailure(read) ? read.message : read.status).toBe(200);
              const integrity = await sql<{
                integrity_check: string;
              }>`pragma integrity_check`.execute(world.ctx.db);
              expect(integrity.rows.map((r) => r.integrity_check)).toEqual(['ok']);
              expect(
                (await acknowledgedViolations(world, [recorder], [lottery.id])).violations,
              ).toEqual([]);

              // Space comes back: the service takes ballots again by itself.
              remount(dir, '64m');
              const recovered = await submit(10);
              expect(recovered.status, recovered.text).toBe(201);
              const stop = await server.stop();
              expect(stop.code).toBe(0);
              const after = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
                world.ctx.db,
              );
              expect(after.rows.map((r) => r.integrity_check)).toEqual(['ok']);
              expect(
                (await acknowledgedViolations(world, [recorder], [lottery.id])).violations,
              ).toEqual([]);
              expect(await invariantViolations(world)).toEqual([]);
              notes.rounds = round + 1;
              if (round === 0) {
                notes.notes.push(
                  `${acknowledged} ballots acknowledged before the disk filled, all present`,
                  `answers while full: ${statuses.join(', ')} (${(refusal!.json as { code?: string }).code ?? 'no code'}: "${(refusal!.json as { detail?: string }).detail ?? refusal!.text.slice(0, 80)}")`,
                  'integrity_check ok while full and after; ballots accepted again after the remount',
                );
              }
            } catch (error) {
              // What the server logged about it (errors only), to tell a crash from a mapping.
              const logged = server
                .logs()
                .filter((l) => Number(l.level) >= 50)
                .slice(0, 3)
                .map((l) => JSON.stringify(l.err ?? l).slice(0, 600));
              throw new Error(`${(error as Error).message}\nserver errors:\n${logged.join('\n')}`, {
                cause: error,
              });
            } finally {
              await server.stop();
              await world.handle.close().catch(() => {});
              unmount(dir);
              rmSync(dir, { recursive: true, force: true });
            }
          }
        },
      ),
    byProfile({ ci: 120_000, soak: 600_000 }),
  );
});
