import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { pino, type Logger as Pino } from 'pino';
import type { AppContext } from './app/context.js';
import { createLottery } from './app/lotteries.js';
import { ensureAdmin } from './app/participants.js';
import type { Config } from './config.js';
import { openDatabase, parseDatabaseUrl, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { findLotteryByName } from './db/repositories/lotteries.js';
import { dateAt } from './domain/index.js';
import { FixtureBeaconSource, type BeaconSource } from './fairness/beacon.js';
import { DrandHttpBeaconSource } from './infra/drand.js';
import { argon2Hasher, isCommonPassword } from './infra/passwords.js';
import { SubtreeHasherPool } from './infra/subtree-hashers.js';
import { cryptoRandom, systemClock } from './infra/system.js';

/** Secrets never reach a log line, whatever logs them. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  'password',
  'token',
];

export const createLogger = (config: Pick<Config, 'logLevel' | 'logFormat'>): Pino =>
  pino({
    level: config.logLevel,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...((config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' },
          },
        }
      : {}),
  });

export interface Runtime {
  ctx: AppContext;
  handle: DatabaseHandle;
  log: Pino;
  /** Stops the seal's worker threads and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database, brings its schema up to date and performs the start-up chores that the
 * settings ask for. Shared by `lottery serve` and the other CLI commands.
 */
export const openRuntime = async (
  config: Config,
  options: {
    log?: Pino;
    chores?: boolean;
    /** Create the embedded database when its file does not exist yet (default true). */
    create?: boolean;
  } = {},
): Promise<Runtime> => {
  const log = options.log ?? createLogger(config);
  const target = parseDatabaseUrl(config.databaseUrl);
  const brandNew =
    target.dialect === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path);
  const handle = openDatabase(config.databaseUrl, {
    mustExist: options.create === false,
    poolSize: config.dbPoolSize,
    onWalCheckpointerFailure: (error) =>
      log.error(
        { err: error },
        'the SQLite checkpointer thread stopped; commits checkpoint by themselves until it runs again',
      ),
    onWalCheckpointerRecovered: () =>
      log.info('the SQLite checkpointer thread runs again; commits no longer checkpoint'),
  });
  try {
    return await prepare(config, handle, log, { brandNew, chores: options.chores !== false });
  } catch (error) {
    // Nothing may keep a process that failed to start alive.
    await handle.close().catch(() => {});
    throw error;
  }
};

/** Migrates, builds the context and does the start-up chores, on an open database. */
const prepare = async (
  config: Config,
  handle: DatabaseHandle,
  log: Pino,
  options: { brandNew: boolean; chores: boolean },
): Promise<Runtime> => {
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0)
    log.info({ migrations: applied, database: handle.location }, 'database migrated');

  // One hashing thread per CPU (started on the first seal); the main thread reads the ballots.
  const hashers = new SubtreeHasherPool(availableParallelism());
  const ctx: AppContext = {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    random: cryptoRandom,
    passwords: argon2Hasher(),
    isCommonPassword,
    beacon: await beaconSource(config),
    instanceId: `${process.pid}-${randomBytes(4).toString('hex')}`,
    log,
    subtreeHasher: hashers,
  };
  const close = async () => {
    await hashers.close();
    await handle.close();
  };
  if (options.chores) {
    try {
      await startUpChores(ctx, config, log, options.brandNew);
    } catch (error) {
      await hashers.close();
      throw error;
    }
  }
  return { ctx, handle, log, close };
};

const startUpChores = async (ctx: AppContext, config: Config, log: Pino, brandNew: boolean) => {
  if (config.adminUsername !== undefined && config.adminPassword !== undefined) {
    const { created } = await ensureAdmin(ctx, config.adminUsername, config.adminPassword);
    if (created) log.info({ username: config.adminUsername }, 'admin account created');
  }
  const demo = config.demo ?? brandNew;
  if (demo) await createDemoLottery(ctx, config.defaultTimeZone, log);
};

const beaconSource = async (config: Config): Promise<BeaconSource | null> => {
  switch (config.beacon.kind) {
    case 'off':
      return null;
    case 'drand':
      return new DrandHttpBeaconSource(config.beaconRelays, systemClock);
    case 'file':
      return FixtureBeaconSource.fromFile(config.beacon.path);
  }
};

const DEMO_NAME = 'Daily Demo Lottery';

const createDemoLottery = async (ctx: AppContext, timeZone: string, log: Pino) => {
  if (await findLotteryByName(ctx.db, DEMO_NAME)) return;
  const lottery = await createLottery(ctx, {
    name: DEMO_NAME,
    description:
      'A demo lottery open from today with no end: submit a ballot and come back after midnight.',
    startsOn: dateAt(ctx.clock.now(), timeZone),
    timeZone,
  });
  log.info({ lotteryId: lottery.id, name: lottery.name }, `demo lottery "${lottery.name}" created`);
};
