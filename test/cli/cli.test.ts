import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  dialects,
  postgresAdminUrl,
  type TestDatabase,
} from '../support/databases.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { runCli } from '../support/processes.js';

/**
 * The commands read the system clock, so the test's lottery lives in the fixed-offset zone where
 * it is now about noon: its midnight is hours away, however long a loaded machine takes.
 */
const noonZone = (now: number) => {
  const offset = 12 - new Date(now).getUTCHours(); // hours east of UTC: -11 to 12
  return {
    timeZone: offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`,
    today: new Date(now + offset * 3_600_000).toISOString().slice(0, 10),
  };
};
const { timeZone, today } = noonZone(Date.now());
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** The one JSON error a command prints on standard error when asked for --json. */
const jsonError = (stderr: string) =>
  (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

// Each test runs the real command, several times, as processes: give a loaded machine time.
describe('the lottery command, anywhere', { timeout: 120_000 }, () => {
  it('explains itself with --help and exits 0', async () => {
    const result = await runCli(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/serve[\s\S]*migrate[\s\S]*close-draws[\s\S]*backup/);
  });

  it('exits 2 for an unknown command', async () => {
    expect((await runCli(['frobnicate'], {})).code).toBe(2);
  });

  it('prints its version with --version', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag], {});
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('prints errors as JSON on standard error when asked for --json, with the same exit codes', async () => {
    const config = await runCli(['lotteries', 'list', '--json'], { PORT: 'abc' });
    expect(config.code).toBe(3);
    expect(config.stdout).toBe('');
    expect(jsonError(config.stderr)).toEqual({
      code: 'configuration',
      message: expect.stringContaining('not valid'),
      problems: ['PORT must be a whole number from 0 to 65535, not "abc"'],
      exitCode: 3,
    });
    const usage = await runCli(['lotteries', 'list', '--json', '--status', 'sideways'], {});
    expect(usage.code).toBe(2);
    expect(jsonError(usage.stderr)).toMatchObject({ code: 'usage', exitCode: 2 });
    const unknownOption = await runCli(['lotteries', 'list', '--json', '--colour'], {});
    expect(unknownOption.code).toBe(2);
    expect(jsonError(unknownOption.stderr)).toMatchObject({
      code: 'usage',
      message: expect.stringContaining('--colour'),
      exitCode: 2,
    });
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

describe.each(dialects)('the lottery command on %s', { timeout: 120_000 }, (dialect) => {
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
    // Every migration the service has, in order, and nothing else.
    const all = Object.keys(await migrationProvider.getMigrations());
    expect(all[0]).toBe('0001_initial');
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: all });
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
    expect(JSON.parse(created.stdout)).toMatchObject({
      username: 'root',
      role: 'admin',
      createdAt: expect.stringMatching(ISO_INSTANT),
    });
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
      [
        'lotteries',
        'create',
        '--name',
        'Nightly',
        '--starts-on',
        today,
        '--time-zone',
        timeZone,
        '--json',
      ],
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

    const badJson = await runCli(
      ['lotteries', 'create', '--name', 'Bad', '--starts-on', '2020-13-01', '--json'],
      env,
    );
    expect(badJson.code).toBe(4);
    expect(jsonError(badJson.stderr)).toMatchObject({
      code: 'validation',
      fields: [{ field: 'startsOn', message: expect.stringMatching(/YYYY-MM-DD/) }],
      exitCode: 4,
    });

    const list = await runCli(['lotteries', 'list', '--status', 'open', '--json'], env);
    const listed = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(listed).toEqual([expect.objectContaining({ name: 'Nightly', status: 'open' })]);
    // Instants as the API writes them: ISO 8601 text, never epoch milliseconds.
    expect(listed[0]?.createdAt).toMatch(ISO_INSTANT);
    expect(listed[0]?.today).toMatchObject({
      opensAt: expect.stringMatching(ISO_INSTANT),
      closesAt: expect.stringMatching(ISO_INSTANT),
    });
    // The first spelling still works.
    const old = await runCli(['lottery', 'list', '--status', 'open', '--json'], env);
    expect(JSON.parse(old.stdout)).toEqual(listed);
    const table = await runCli(['lotteries', 'list'], env);
    expect(table.stdout).toMatch(/^id\s+name\s+status/);
    expect((await runCli(['lotteries', 'list', '--status', 'sideways'], env)).code).toBe(2);
  });

  it('closes due draws on demand and shows the draws of a date', async () => {
    const closed = await runCli(['close-draws', '--json'], env);
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ drawn: 0 });
    const shown = await runCli(['draws', 'show', '--date', today, '--json'], env);
    expect(JSON.parse(shown.stdout)).toEqual([
      expect.objectContaining({
        lotteryName: 'Nightly',
        status: 'open',
        closesAt: expect.stringMatching(ISO_INSTANT),
      }),
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

describe('the lottery command and a database that is not there', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-missing-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a mistyped SQLite path for every command but serve and migrate, creating nothing', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'typo', 'lottery.db')}` };
    for (const args of [
      ['lotteries', 'list', '--json'],
      ['lotteries', 'create', '--name', 'X', '--starts-on', today],
      ['draws', 'show', '--date', today],
      ['close-draws'],
      ['admin', 'promote', 'someone'],
      ['backup', join(dir, 'copy.db')],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`there is no database at ${join(dir, 'typo', 'lottery.db')}`);
    }
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);

    const migrated = await runCli(['migrate'], env);
    expect(migrated.code).toBe(0);
    expect(existsSync(join(dir, 'typo', 'lottery.db'))).toBe(true);
    expect((await runCli(['lotteries', 'list', '--json'], env)).stdout).toBe('[]\n');
  });

  it.skipIf(!dialects.includes('postgres'))(
    'names why PostgreSQL cannot be used, and exits 3',
    async () => {
      const admin = new URL(postgresAdminUrl);
      const at = (change: (url: URL) => void) => {
        const url = new URL(admin);
        change(url);
        return { DATABASE_URL: url.href };
      };
      const cases = [
        [at((u) => (u.pathname = '/lottery_no_such_database')), /database does not exist/],
        [at((u) => (u.port = '1')), /connection to PostgreSQL was refused at 127\.0\.0\.1:1/],
        [at((u) => (u.username = 'no_such_role')), /PostgreSQL authentication failed/],
      ] as const;
      for (const [env, reason] of cases) {
        for (const args of [['migrate'], ['lotteries', 'list'], ['serve']]) {
          const result = await runCli(args, { ...env, PORT: '0' });
          expect(result.code, `${args.join(' ')} on ${env.DATABASE_URL}`).toBe(3);
          expect(result.stderr).toMatch(reason);
          expect(result.stderr).not.toContain('(unknown)');
        }
        const json = await runCli(['lotteries', 'list', '--json'], env);
        expect(jsonError(json.stderr)).toMatchObject({ code: 'database', exitCode: 3 });
      }
    },
    300_000,
  );
});
