import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { silentLogger, type AppContext } from '../../src/app/context.js';
import {
  openDatabase,
  type DatabaseHandle,
  type DatabaseOptions,
  type DialectName,
} from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Clock, RandomSource } from '../../src/domain/index.js';
import { argon2Hasher, isCommonPassword } from '../../src/infra/passwords.js';
import { FixedClock, SeededRandom } from './fakes.js';

/** Where the PostgreSQL test server lives; each test file gets its own fresh database there. */
export const postgresAdminUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The dialects every repository and HTTP suite runs on. PostgreSQL is never skipped silently:
 * set SKIP_POSTGRES=1 to leave it out deliberately (CI never does).
 */
export const dialects: DialectName[] =
  process.env.SKIP_POSTGRES === '1' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  url: string;
  dialect: DialectName;
  drop(): Promise<void>;
}

/** A brand-new empty database (an SQLite file in a temp folder, or a fresh PostgreSQL database). */
export const createTestDatabase = async (dialect: DialectName): Promise<TestDatabase> => {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lottery-test-'));
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      dialect,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `lottery_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dialect,
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
};

/** Cheap argon2id for tests only: the production parameters are tested in their own test. */
export const testHasher = argon2Hasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

export interface TestContext extends AppContext {
  clock: FixedClock;
  handle: DatabaseHandle;
  database: TestDatabase;
  /** Closes the connection and drops the database. */
  dispose(): Promise<void>;
}

export const createTestContext = async (
  dialect: DialectName,
  options: {
    clock?: FixedClock;
    random?: RandomSource;
    instanceId?: string;
    database?: DatabaseOptions;
  } = {},
): Promise<TestContext> => {
  const database = await createTestDatabase(dialect);
  const handle = openDatabase(database.url, options.database);
  await migrateToLatest(handle.db);
  const clock = options.clock ?? new FixedClock(Date.parse('2026-03-10T12:00:00Z'));
  return {
    db: handle.db,
    dialect,
    clock,
    random: options.random ?? new SeededRandom(1),
    passwords: testHasher,
    isCommonPassword,
    beacon: null,
    instanceId: options.instanceId ?? 'test',
    log: silentLogger,
    handle,
    database,
    dispose: async () => {
      await handle.close();
      await database.drop();
    },
  };
};

/** Another context (another "process") on the same database, with its own connection. */
export const openSiblingContext = (
  base: TestContext,
  overrides: { clock?: Clock; instanceId?: string } = {},
): AppContext & { close(): Promise<void> } => {
  const handle = openDatabase(base.database.url);
  return {
    ...base,
    db: handle.db,
    clock: overrides.clock ?? base.clock,
    instanceId: overrides.instanceId ?? `${base.instanceId}-sibling`,
    close: () => handle.close(),
  };
};
