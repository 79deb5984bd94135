import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { postgresAdminUrl } from '../../support/databases.js';

const run = promisify(execFile);

/**
 * Stopping and starting the shared PostgreSQL server (other suites use it at the same time, so
 * every outage is short and is always ended in a `finally`).
 */

const version = () => readdirSync('/etc/postgresql').sort().at(-1)!;
const ctl = (action: 'start' | 'stop') =>
  ['--skip-systemctl-redirect', version(), 'main', action] as const;

export const stopPostgres = async (): Promise<void> => {
  await run('pg_ctlcluster', [...ctl('stop'), '--', '-m', 'fast'], { timeout: 60_000 });
};

export const startPostgres = async (): Promise<void> => {
  try {
    await run('pg_ctlcluster', [...ctl('start')], { timeout: 60_000 });
  } catch (error) {
    // "already running" is fine; anything else is checked by waiting for connections below.
    if (!String((error as { stderr?: string }).stderr ?? error).includes('already running'))
      throw error;
  }
  await waitForPostgres(60_000);
};

/** Resolves once a connection succeeds. */
export const waitForPostgres = async (timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({
      connectionString: postgresAdminUrl,
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => {});
    }
  }
};

/** Last resort (an exit hook): start the server synchronously if a test left it stopped. */
export const ensurePostgresRunningSync = (): void => {
  try {
    execFileSync('pg_ctlcluster', [...ctl('start')], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // already running
  }
};

/**
 * A lock shared by this suite's PostgreSQL process tests (across vitest workers), so that the
 * outage scenario never stops the server under another scenario of this suite. A lock whose
 * holder has died is taken over. Waiting is bounded.
 */
export const withPostgresLock = async <T>(work: () => Promise<T>, waitMs = 600_000): Promise<T> => {
  const dir = join(tmpdir(), 'lottery-reliability-pg.lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch {
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(dir, 'pid'), 'utf8'));
      } catch {
        // being created or removed
      }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder))
        rmSync(dir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the PostgreSQL test lock');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
