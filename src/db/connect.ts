import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
} from 'kysely';
import type pg from 'pg';
import { defaultConfig } from '../config.js';
import { MissingDatabaseError } from './errors.js';
import type { Database } from './schema.js';
import { WalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer.js';
import { WalSync, type DataSync } from './wal-sync.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A human-readable location with no credentials, for logs. */
  location: string;
  /** The SQLite file, when embedded (for backups and the separate sealing reader). */
  sqlitePath?: string;
  /** Connection pool use, for metrics (SQLite has one connection). */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * Refuse a SQLite file that does not exist yet (MissingDatabaseError) instead of creating it:
   * for commands that only make sense on an existing database.
   */
  mustExist?: boolean;
  /** PostgreSQL pool size (default: DB_POOL_SIZE's). */
  poolSize?: number;
  /** How long a statement may wait for a lock or a connection before failing (ms). */
  busyTimeoutMs?: number;
  /** How the SQLite WAL is flushed to disk (fdatasync); tests observe or fail it. */
  walDataSync?: DataSync;
  /** How often the SQLite checkpointer thread runs (ADR 0015). */
  walCheckpointIntervalMs?: number;
  /**
   * The SQLite checkpointer thread stopped; the service's connection checkpoints by itself until
   * the thread, started again later, runs. For the log.
   */
  onWalCheckpointerFailure?: (error: Error) => void;
  /** The SQLite checkpointer thread runs again after a failure. For the log. */
  onWalCheckpointerRecovered?: () => void;
  /** Starts the SQLite checkpointer thread; tests stand in for it to stop it at will. */
  startWalCheckpointer?: (
    path: string,
    options: WalCheckpointerOptions,
  ) => Pick<WalCheckpointer, 'close'>;
  /**
   * The size the SQLite WAL file is cut back to when it starts over after a checkpoint, so that
   * a burst does not keep its disk space for good (bytes; default 64 MiB).
   */
  walSizeLimitBytes?: number;
}

/**
 * SQLite's deferred `BEGIN` takes the write lock only at the first write, which lets a reader
 * upgrade fail with SQLITE_BUSY when another process writes. Every transaction here writes,
 * so it takes the lock up front: `BEGIN IMMEDIATE` serialises the ballot path and the close.
 *
 * The one connection is lent to one user at a time by this driver, not by Kysely (see
 * ImmediateSqliteDialect): the next user gets it as soon as the last one is done with it, while
 * the last one still waits for its WAL sync (ADR 0011).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  /** Settles when the connection's current user releases it; undefined while it is free. */
  #inUse: Promise<void> | undefined;
  #release: (() => void) | undefined;

  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly wal: WalSync | undefined,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    while (this.#inUse) await this.#inUse;
    this.#inUse = new Promise((resolve) => (this.#release = resolve));
    return super.acquireConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * On some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) SQLite has already rolled the
   * transaction back by itself; a second ROLLBACK would fail and hide the original error.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!String((error as Error).message).includes('no transaction is active')) throw error;
    }
  }

  /**
   * Whoever used the connection hears back only once everything it could have written or read
   * is on disk (ADR 0011); the next user may run meanwhile.
   */
  override async releaseConnection(): Promise<void> {
    const mark = this.wal?.written;
    const release = this.#release;
    this.#inUse = this.#release = undefined;
    release?.();
    if (mark !== undefined) await this.wal?.flushThrough(mark);
  }
}

/**
 * Tells Kysely that the driver lends its connection itself. Kysely (0.29) would otherwise hold
 * the connection until `releaseConnection` returns, that is until the WAL sync, and every write
 * would wait for the one before it to reach the disk: no group commit.
 */
class DriverSerialisedSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  readonly #wal: WalSync | undefined;
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0], wal: WalSync | undefined) {
    super(config);
    this.#config = config;
    this.#wal = wal;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#wal);
  }
  override createAdapter(): DialectAdapter {
    return new DriverSerialisedSqliteAdapter();
  }
}

export const parseDatabaseUrl = (
  url: string,
): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } => {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { dialect: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) throw new Error('DATABASE_URL "sqlite:" needs a file path');
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
};

/** Opens a better-sqlite3 connection with the settings every connection to our file needs. */
export const openSqlite = (
  path: string,
  options: { readonly?: boolean; busyTimeoutMs?: number; mustExist?: boolean } = {},
) => {
  const inMemory = path === ':memory:';
  if (!inMemory && (options.mustExist || options.readonly) && !existsSync(path)) {
    throw new MissingDatabaseError(path);
  }
  if (!inMemory && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path, { readonly: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged (docs/decisions/0003). The service's own
  // connection syncs commits itself instead, off the event loop (openDatabase, ADR 0011).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  return sqlite;
};

/**
 * Kysely prepares every query anew; preparing costs as much as running a small one. Statements
 * are kept by their SQL text (a bounded few: queries are built from a fixed set of shapes), and
 * reused. Kysely runs each with `all`/`run` at once, never leaving one half-iterated.
 */
const withStatementCache = (
  sqlite: SQLite.Database,
  wal: WalSync | undefined,
  max = 500,
): SQLite.Database => {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver) as unknown;
      return (source: string) => {
        let statement = statements.get(source);
        if (!statement) {
          if (statements.size >= max) statements.clear();
          statement = prepare(source);
          statements.set(source, statement);
        }
        if (!statement.reader) wal?.markWritten();
        return statement;
      };
    },
  });
};

const sqliteConnections = new WeakMap<Kysely<Database>, SQLite.Database>();

/**
 * The better-sqlite3 connection (statements cached) behind a Kysely instance opened here, for
 * the few reads too hot for the query builder; undefined for PostgreSQL and for transactions.
 */
export const sqliteConnectionOf = (db: Kysely<Database>): SQLite.Database | undefined =>
  sqliteConnections.get(db);

const pgPools = new WeakMap<Kysely<Database>, pg.Pool>();

/**
 * The pg pool behind a Kysely instance opened here, for the one statement too hot to be parsed
 * and planned anew each time (it is run as a named, prepared statement); undefined for SQLite and
 * before the first query.
 */
export const pgPoolOf = (db: Kysely<Database>): pg.Pool | undefined => pgPools.get(db);

/** int8 and numeric as JS numbers: our ids and epoch-ms instants stay far below 2^53. */
const configurePgTypes = (types: typeof pg.types) => {
  types.setTypeParser(types.builtins.INT8, (value) => Number(value));
  types.setTypeParser(types.builtins.NUMERIC, (value) => Number(value));
};

const startWalCheckpointer = (path: string, options: WalCheckpointerOptions) =>
  new WalCheckpointer(path, options);

export const openDatabase = (url: string, options: DatabaseOptions = {}): DatabaseHandle => {
  const parsed = parseDatabaseUrl(url);
  if (parsed.dialect === 'sqlite') {
    const connection = openSqlite(parsed.path, options);
    // Commits are synced off the event loop where there is a WAL to sync (ADR 0011); otherwise
    // (in memory) each commit keeps syncing itself.
    const wal =
      connection.pragma('journal_mode', { simple: true }) === 'wal'
        ? new WalSync(`${parsed.path}-wal`, options.walDataSync)
        : undefined;
    if (wal) {
      connection.pragma('synchronous = NORMAL');
      connection.pragma(`journal_size_limit = ${options.walSizeLimitBytes ?? 64 * 1024 * 1024}`);
    }
    // Off from the start: a thread that cannot run says so, and turns it back on.
    if (wal) connection.pragma('wal_autocheckpoint = 0');
    let checkpointerStopped = false;
    // WAL pages are copied into the database file by a thread of its own, off the event loop
    // (ADR 0015); while it is stopped, this connection does it inside its commits again.
    const checkpointer = wal
      ? (options.startWalCheckpointer ?? startWalCheckpointer)(parsed.path, {
          ...(options.walCheckpointIntervalMs === undefined
            ? {}
            : { intervalMs: options.walCheckpointIntervalMs }),
          onRunning: () => {
            if (connection.open) connection.pragma('wal_autocheckpoint = 0');
            if (checkpointerStopped) options.onWalCheckpointerRecovered?.();
            checkpointerStopped = false;
          },
          onStopped: (error) => {
            if (connection.open) connection.pragma('wal_autocheckpoint = 1000');
            checkpointerStopped = true;
            options.onWalCheckpointerFailure?.(error);
          },
        })
      : undefined;
    const sqlite = withStatementCache(connection, wal);
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: sqlite }, wal),
    });
    sqliteConnections.set(db, sqlite);
    return {
      db,
      dialect: 'sqlite',
      location: `sqlite:${parsed.path}`,
      sqlitePath: parsed.path,
      poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
      close: async () => {
        await checkpointer?.close();
        await db.destroy();
        await wal?.close();
      },
    };
  }
  let created: pg.Pool | undefined;
  // pg is loaded on first use, so an embedded (SQLite) server does not pay for loading it.
  const pool = async (): Promise<pg.Pool> => {
    const { default: driver } = await import('pg');
    configurePgTypes(driver.types);
    created = new driver.Pool({
      connectionString: parsed.url,
      max: options.poolSize ?? defaultConfig.dbPoolSize,
      connectionTimeoutMillis: options.busyTimeoutMs ?? 5000,
      // Fail fast rather than hang when the database is unreachable or a lock is stuck.
      statement_timeout: 30_000,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    created.on('error', () => {});
    // Nor may a client checked out between two statements (a transaction in progress): pg emits
    // 'error' on it, and the pool only listens while it is idle. Its next statement fails instead.
    created.on('connect', (client) => client.on('error', () => {}));
    pgPools.set(db, created);
    return created;
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(parsed.url);
  return {
    db,
    dialect: 'postgres',
    location: `postgres://${safe.host}${safe.pathname}`,
    poolStats: () => ({
      total: created?.totalCount ?? 0,
      idle: created?.idleCount ?? 0,
      waiting: created?.waitingCount ?? 0,
    }),
    close: () => db.destroy(),
  };
};
