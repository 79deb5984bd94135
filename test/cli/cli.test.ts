import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/processes.js';

const today = new Date().toISOString().slice(0, 10);

describe('the lottery command, anywhere', () => {
  it('explains itself with --help and exits 0', async () => {
    const result = await runCli(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/serve[\s\S]*migrate[\s\S]*close-draws[\s\S]*backup/);
  });

  it('exits 2 for an unknown command', async () => {
    expect((await runCli(['frobnicate'], {})).code).toBe(2);
  });

  it('exits 3 naming each wrong setting', async () => {
    const result = await runCli(['migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://nope' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('PORT must be a whole number');
    expect(result.stderr).toContain('DATABASE_URL must be a URL starting with sqlite:');
  });

  it('refuses to serve in production without an explicit public address, exit 3', async () => {
    const result = await runCli(['serve'], { NODE_ENV: 'production', PUBLIC_URL: '' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('PUBLIC_URL must be set when NODE_ENV is production');
  });
});

describe.each(dialects)('the lottery command on %s', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    env = { DATABASE_URL: database.url, LOTTERY_DEMO: 'false' };
  });
  afterAll(() => database.drop());

  it('migrates, then reports the database up to date', async () => {
    const first = await runCli(['migrate', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      applied: [
        '0001_initial',
        '0002_seal_progress',
        '0003_idempotency_outcome',
        '0004_sealed_pages',
        '0005_ballot_runs',
      ],
    });
    const second = await runCli(['migrate'], env);
    expect(second.stdout).toMatch(/is up to date/);
  });

  it('creates an admin with the password from standard input, and refuses a taken name with exit 4', async () => {
    const created = await runCli(
      ['admin', 'create', 'root', '--json'],
      env,
      'a long admin passphrase\n',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'root', role: 'admin' });
    expect(created.stdout + created.stderr).not.toContain('a long admin passphrase');
    const again = await runCli(['admin', 'create', 'ROOT'], env, 'another long passphrase\n');
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already taken/);
  });

  it('promotes an existing participant, and says so when there is none', async () => {
    await runCli(['admin', 'create', 'second'], env, 'yet another passphrase\n');
    expect((await runCli(['admin', 'promote', 'second'], env)).code).toBe(0);
    const missing = await runCli(['admin', 'promote', 'nobody'], env);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/no participant named "nobody"/);
  });

  it('creates and lists lotteries, refusing bad input with field messages', async () => {
    const created = await runCli(
      ['lottery', 'create', '--name', 'Nightly', '--starts-on', today, '--json'],
      env,
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Nightly', status: 'open' });

    const bad = await runCli(
      ['lottery', 'create', '--name', 'Bad', '--starts-on', '2020-13-01'],
      env,
    );
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/startsOn: must be a date as YYYY-MM-DD/);

    const list = await runCli(['lottery', 'list', '--status', 'open', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'Nightly', status: 'open' }),
    ]);
    const table = await runCli(['lottery', 'list'], env);
    expect(table.stdout).toMatch(/^id\s+name\s+status/);
    expect((await runCli(['lottery', 'list', '--status', 'sideways'], env)).code).toBe(2);
  });

  it('closes due draws on demand and shows the draws of a date', async () => {
    const closed = await runCli(['close-draws', '--json'], env);
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ drawn: 0 });
    const shown = await runCli(['draws', 'show', '--date', today, '--json'], env);
    expect(JSON.parse(shown.stdout)).toEqual([
      expect.objectContaining({ lotteryName: 'Nightly', status: 'open' }),
    ]);
    expect((await runCli(['draws', 'show', '--date', 'yesterday'], env)).code).toBe(2);
  });

  it('backs up the embedded database online, or explains what to use instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lottery-backup-'));
    try {
      const target = join(dir, 'copy.db');
      const result = await runCli(['backup', target, '--json'], env);
      if (dialect === 'sqlite') {
        expect(result.code).toBe(0);
        expect(existsSync(target)).toBe(true);
        const copy = new SQLite(target, { readonly: true });
        expect(copy.prepare('select name from lotteries').all()).toEqual([{ name: 'Nightly' }]);
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        copy.close();
      } else {
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/pg_dump/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
