/**
 * The suite's own databases, and the few things it does to them directly (behind the server's
 * back): seeding millions of ballots quickly, and moving a draw's midnight a few seconds ahead.
 * Everything else goes through the HTTP API.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from './options.js';

export interface BenchDatabase {
  dialect: Dialect;
  /** DATABASE_URL for the server. */
  url: string;
  label: string;
  drop(): Promise<void>;
}

/** Databases created and not dropped yet, so an interrupted run can still clean up. */
const live = new Set<BenchDatabase>();

/** Drops every database this run created and has not dropped (after an interrupt). */
export const dropAll = async (): Promise<void> => {
  await Promise.all([...live].map((db) => db.drop().catch(() => {})));
};

const tracked = (db: BenchDatabase): BenchDatabase => {
  const drop = db.drop;
  const entry: BenchDatabase = {
    ...db,
    drop: async () => {
      await drop();
      live.delete(entry);
    },
  };
  live.add(entry);
  return entry;
};

export const createDatabase = async (
  dialect: Dialect,
  workDir: string,
  postgresUrl: string,
  label: string,
): Promise<BenchDatabase> => {
  if (dialect === 'sqlite') {
    const dir = join(workDir, `db-${label}-${randomBytes(3).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    return tracked({
      dialect,
      url: `sqlite:${join(dir, 'lottery.db')}`,
      label,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    });
  }
  const name = `lottery_bench_${randomBytes(5).toString('hex')}`;
  await withPgClient(postgresUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return tracked({
    dialect,
    url: url.toString(),
    label,
    drop: async () => {
      // Bounded retries: the shared server may be restarting when this runs.
      for (let attempt = 1; ; attempt++) {
        try {
          await withPgClient(postgresUrl, (c) =>
            c.query(`drop database if exists ${name} with (force)`),
          );
          return;
        } catch (error) {
          if (attempt >= 30) throw error;
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    },
  });
};

/**
 * Lets PostgreSQL finish what earlier scenarios left it doing, so that a measurement that follows
 * measures the service and not the server's housekeeping: a checkpoint writes out the dirty pages
 * of the millions of ballots just seeded and sealed, and autovacuum workers still busy with them
 * are waited for (at most `timeoutMs`). Returns the milliseconds it took.
 */
export const settlePostgres = async (postgresUrl: string, timeoutMs = 60_000): Promise<number> => {
  const started = performance.now();
  await withPgClient(postgresUrl, async (c) => {
    // Needs a superuser (or pg_checkpoint); without one, only the wait below applies.
    await c.query('checkpoint').catch(() => {});
    while (performance.now() - started < timeoutMs) {
      const { rows } = await c.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where backend_type = 'autovacuum worker'",
      );
      if (Number(rows[0]?.n ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  return Math.round(performance.now() - started);
};

const withPgClient = async <T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A lost connection fails the query in flight; it must not crash the harness.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export interface OpenDraw {
  id: number;
  lotteryId: number;
  date: string;
  opensAt: number;
  closesAt: number;
}

export interface DirectAccess {
  /** The draw of the lottery that is open at `at` (its "today"). */
  openDraw(lotteryId: number, at: number): Promise<OpenDraw>;
  /** Inserts `count` ballots into a draw, spread over the participants `firstId…firstId+spread-1`. */
  seedBallots(
    draw: OpenDraw,
    count: number,
    participants: { firstId: number; spread: number },
  ): Promise<void>;
  /** Moves a still-open draw's midnight. */
  setClosesAt(drawId: number, closesAt: number): Promise<void>;
  /** Gives a draw another date (to make a drawn draw look days old). */
  setDrawDate(drawId: number, date: string): Promise<void>;
  countBallots(drawId: number): Promise<number>;
  /** How many of the draw's ballots the server has sealed ahead of its midnight so far. */
  sealedAhead(drawId: number): Promise<number>;
  /** Participants with role participant, as a contiguous id range when they are one. */
  participantRange(): Promise<{ firstId: number; spread: number }>;
  close(): Promise<void>;
}

/** Rows per seeding statement: big enough to be fast, small enough to keep the WAL in check. */
const SEED_CHUNK = 500_000;

interface DrawRowRaw {
  id: number | string;
  lottery_id: number | string;
  draw_date: string;
  opens_at: number | string;
  closes_at: number | string;
}

const toOpenDraw = (row: DrawRowRaw): OpenDraw => ({
  id: Number(row.id),
  lotteryId: Number(row.lottery_id),
  date: row.draw_date,
  opensAt: Number(row.opens_at),
  closesAt: Number(row.closes_at),
});

export const openDirect = async (database: BenchDatabase): Promise<DirectAccess> => {
  if (database.dialect === 'sqlite') return openSqliteDirect(database.url.slice('sqlite:'.length));
  return openPostgresDirect(database.url);
};

const openSqliteDirect = (path: string): DirectAccess => {
  const db = new SQLite(path);
  db.pragma('busy_timeout = 30000');
  // Bench seeding only: the rows are consistent by construction and a crash just reruns it.
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const insert = db.prepare(
    `with recursive n(x) as (select 0 union all select x + 1 from n where x < ? - 1)
     insert into ballots (id, draw_id, lottery_id, participant_id, submitted_at)
     select coalesce((select id + quantity from ballots order by id desc limit 1), 1) + x,
       ?, ?, ? + (x % ?), ? from n`,
  );
  return {
    openDraw: async (lotteryId, at) => {
      const row = db
        .prepare(
          `select id, lottery_id, draw_date, opens_at, closes_at from draws
           where lottery_id = ? and opens_at <= ? and closes_at > ? and status = 'open'`,
        )
        .get(lotteryId, at, at) as DrawRowRaw | undefined;
      if (!row) throw new Error(`lottery ${lotteryId} has no open draw now`);
      return toOpenDraw(row);
    },
    seedBallots: async (draw, count, participants) => {
      const submittedAt = Math.max(draw.opensAt, Date.now() - 1000);
      for (let done = 0; done < count;) {
        const n = Math.min(SEED_CHUNK, count - done);
        db.transaction(() =>
          insert.run(
            n,
            draw.id,
            draw.lotteryId,
            participants.firstId,
            participants.spread,
            submittedAt,
          ),
        ).immediate();
        done += n;
        // Let the server's queries in between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    setClosesAt: async (drawId, closesAt) => {
      const result = db
        .prepare(`update draws set closes_at = ? where id = ? and status = 'open'`)
        .run(closesAt, drawId);
      if (result.changes !== 1) throw new Error(`draw ${drawId} is not open`);
    },
    setDrawDate: async (drawId, date) => {
      db.prepare('update draws set draw_date = ? where id = ?').run(date, drawId);
    },
    sealedAhead: async (drawId) =>
      (
        db.prepare('select ballots from draw_seal_progress where draw_id = ?').get(drawId) as
          { ballots: number } | undefined
      )?.ballots ?? 0,
    countBallots: async (drawId) =>
      (
        db
          .prepare('select coalesce(sum(quantity), 0) as n from ballots where draw_id = ?')
          .get(drawId) as {
          n: number;
        }
      ).n,
    participantRange: async () => {
      const row = db
        .prepare(
          `select min(id) as lo, max(id) as hi, count(*) as n from participants where role = 'participant'`,
        )
        .get() as { lo: number | null; hi: number | null; n: number };
      return participantRange(row.lo, row.hi, row.n);
    },
    close: async () => {
      db.close();
    },
  };
};

const participantRange = (lo: number | null, hi: number | null, n: number) => {
  if (lo === null || hi === null || n === 0)
    throw new Error('the database has no participants to own ballots');
  // Contiguous ids: spread ballots over all of them; otherwise give them all to the first.
  return { firstId: lo, spread: hi - lo + 1 === n ? n : 1 };
};

const openPostgresDirect = async (url: string): Promise<DirectAccess> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  // Bench seeding only: skip the per-row foreign-key triggers (the rows are consistent by
  // construction) and do not wait for each chunk to reach the disk.
  await client.query('set session_replication_role = replica');
  await client.query('set synchronous_commit = off');
  return {
    openDraw: async (lotteryId, at) => {
      const { rows } = await client.query<DrawRowRaw>(
        `select id, lottery_id, draw_date, opens_at, closes_at from draws
         where lottery_id = $1 and opens_at <= $2 and closes_at > $2 and status = 'open'`,
        [lotteryId, at],
      );
      if (!rows[0]) throw new Error(`lottery ${lotteryId} has no open draw now`);
      return toOpenDraw(rows[0]);
    },
    seedBallots: async (draw, count, participants) => {
      const submittedAt = Math.max(draw.opensAt, Date.now() - 1000);
      for (let done = 0; done < count;) {
        const n = Math.min(SEED_CHUNK * 2, count - done);
        await client.query(
          `insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
           select $1, $2, $3 + (g % $4), $5 from generate_series(0, $6 - 1) g`,
          [draw.id, draw.lotteryId, participants.firstId, participants.spread, submittedAt, n],
        );
        done += n;
      }
      // What autovacuum does during a real day of intake: statistics and the visibility map.
      await client.query('vacuum analyze ballots');
    },
    setClosesAt: async (drawId, closesAt) => {
      const result = await client.query(
        `update draws set closes_at = $1 where id = $2 and status = 'open'`,
        [closesAt, drawId],
      );
      if (result.rowCount !== 1) throw new Error(`draw ${drawId} is not open`);
    },
    setDrawDate: async (drawId, date) => {
      await client.query('update draws set draw_date = $1 where id = $2', [date, drawId]);
    },
    sealedAhead: async (drawId) =>
      Number(
        (
          await client.query<{ ballots: string }>(
            'select ballots from draw_seal_progress where draw_id = $1',
            [drawId],
          )
        ).rows[0]?.ballots ?? 0,
      ),
    countBallots: async (drawId) =>
      Number(
        (
          await client.query<{ n: string }>(
            'select coalesce(sum(quantity), 0) as n from ballots where draw_id = $1',
            [drawId],
          )
        ).rows[0]!.n,
      ),
    participantRange: async () => {
      const { rows } = await client.query<{ lo: string | null; hi: string | null; n: string }>(
        `select min(id) as lo, max(id) as hi, count(*) as n from participants where role = 'participant'`,
      );
      const row = rows[0]!;
      return participantRange(
        row.lo === null ? null : Number(row.lo),
        row.hi === null ? null : Number(row.hi),
        Number(row.n),
      );
    },
    close: async () => {
      await client.end().catch(() => {});
    },
  };
};
