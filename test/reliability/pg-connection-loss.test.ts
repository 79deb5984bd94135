import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  dialects,
  postgresAdminUrl,
  type TestDatabase,
} from '../support/databases.js';

/**
 * A PostgreSQL connection lost while the service holds it between two statements (a database
 * restart, a failover, an idle-session timeout) must neither crash the process nor turn into a
 * 500: the statement fails as "unavailable" (503) and the pool carries on with new connections.
 * The full outage scenario (db-outage.test.ts) found this; this is its small, fast reproduction.
 */
const worker = fileURLToPath(new URL('./support/pg-terminate-worker.ts', import.meta.url));

const runWorker = (url: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, url, postgresAdminUrl], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

describe.skipIf(!dialects.includes('postgres'))(
  'a PostgreSQL connection lost mid-transaction',
  () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
    });
    afterAll(() => database.drop());

    it('does not crash the process, fails as unavailable, and the pool recovers', async () => {
      const { code, stdout, stderr } = await runWorker(database.url);
      expect(stderr.split('\n').slice(0, 3).join('\n')).toBe('');
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as Record<string, unknown>;
      expect(report).toMatchObject({ survived: true, failed: true, recovered: true });
      expect(
        report.unavailable,
        `"${String(report.message)}" (${String(report.code)}) should count as unavailable`,
      ).toBe(true);
    }, 90_000);
  },
);
