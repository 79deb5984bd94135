import { sql } from 'kysely';
import { eachBallot } from '../../support/ballot-runs.js';
import { silentLogger, type AppContext } from '../../../src/app/context.js';
import { createLottery } from '../../../src/app/lotteries.js';
import { registerParticipant } from '../../../src/app/participants.js';
import { createToken } from '../../../src/app/tokens.js';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../../src/db/connect.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { dateAt, type LocalDate } from '../../../src/domain/index.js';
import { ballotLeafHash, MerkleBuilder, pickIndex } from '../../../src/fairness/index.js';
import { isCommonPassword } from '../../../src/infra/passwords.js';
import { cryptoRandom, systemClock } from '../../../src/infra/system.js';
import { createTestDatabase, testHasher, type TestDatabase } from '../../support/databases.js';

/**
 * The test's own view of a database that real server processes use: it prepares accounts,
 * tokens and lotteries with the application's own functions (on the system clock, as the servers
 * run), moves draw windows, and checks everything afterwards directly in the tables.
 */

export const PASSWORD = 'correct horse battery';

export interface Player {
  id: number;
  username: string;
  token: string;
}

export interface World {
  dialect: DialectName;
  database: TestDatabase;
  handle: DatabaseHandle;
  ctx: AppContext;
  /** Closes the test's connection and drops the database. */
  dispose(): Promise<void>;
}

export const dialectLabel = (dialect: DialectName) =>
  dialect === 'sqlite' ? ('SQLite' as const) : ('PostgreSQL' as const);

/** A fresh migrated database (or the given one), and an application context over it. */
export const openWorld = async (
  dialect: DialectName,
  options: { url?: string; drop?: () => Promise<void> } = {},
): Promise<World> => {
  const database: TestDatabase = options.url
    ? { url: options.url, dialect, drop: options.drop ?? (async () => {}) }
    : await createTestDatabase(dialect);
  const handle = openDatabase(database.url, { poolSize: 4, busyTimeoutMs: 20_000 });
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    dialect,
    clock: systemClock,
    random: cryptoRandom,
    // Cheap argon2 parameters: the servers verify with the parameters stored in each hash.
    passwords: testHasher,
    isCommonPassword,
    beacon: null,
    instanceId: `test-${process.pid}`,
    log: silentLogger,
  };
  let disposed = false;
  return {
    dialect,
    database,
    handle,
    ctx,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await handle.close().catch(() => {});
      await database.drop();
    },
  };
};

let serial = 0;
const unique = (prefix: string) =>
  `${prefix}${process.pid.toString(36)}${(serial++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** Participants with a personal API token each (created directly, as the API would). */
export const createPlayers = async (
  world: World,
  count: number,
  role: 'participant' | 'admin' = 'participant',
): Promise<Player[]> => {
  const players: Player[] = [];
  for (let i = 0; i < count; i++) {
    const username = unique(role === 'admin' ? 'adm' : 'p');
    const participant = await registerParticipant(
      world.ctx,
      { username, password: PASSWORD },
      role,
    );
    const { token } = await createToken(world.ctx, participant, 'reliability');
    players.push({ id: participant.id, username, token });
  }
  return players;
};

/**
 * The time zone (of a few) whose local time is now farthest from midnight, so a test never
 * straddles a real midnight by accident: the midnights it tests are the ones it moves.
 */
export const quietTimeZone = (now = Date.now()): string => {
  const zones = [
    'UTC',
    'Asia/Tokyo',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Honolulu',
    'Europe/Paris',
  ];
  const distance = (zone: string) => {
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(now),
    );
    return Math.abs(hour + 0.5 - 12);
  };
  return [...zones].sort((a, b) => distance(a) - distance(b))[0]!;
};

export interface TestLottery {
  id: number;
  timeZone: string;
  /** Today's date in its time zone. */
  today: LocalDate;
}

/** A lottery open from today, whose today's and tomorrow's draws already exist. */
export const createOpenLottery = async (
  world: World,
  name = unique('Reliability '),
): Promise<TestLottery> => {
  const timeZone = quietTimeZone();
  const today = dateAt(Date.now(), timeZone);
  const lottery = await createLottery(world.ctx, { name, startsOn: today, timeZone });
  return { id: lottery.id, timeZone, today };
};

export const drawOf = (world: World, lotteryId: number, date: string) =>
  world.ctx.db
    .selectFrom('draws')
    .selectAll()
    .where('lottery_id', '=', lotteryId)
    .where('draw_date', '=', date)
    .executeTakeFirstOrThrow();

/**
 * Moves a lottery's midnight: the open draw of `date` now closes at `closesAt` (a few seconds
 * from now), and the next day's draw opens then. The servers read time from the system clock,
 * so this is how a test makes a midnight happen now. Returns the draw's id.
 */
export const moveMidnight = async (
  world: World,
  lottery: TestLottery,
  closesAt: number,
  date: LocalDate = lottery.today,
): Promise<number> => {
  const draw = await drawOf(world, lottery.id, date);
  const next = await world.ctx.db
    .selectFrom('draws')
    .select(['id', 'draw_date'])
    .where('lottery_id', '=', lottery.id)
    .where('draw_date', '>', date)
    .orderBy('draw_date')
    .executeTakeFirst();
  // Both rows move at once: a ballot sees either the old or the new boundary, never a gap.
  await world.ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('draws').set({ closes_at: closesAt }).where('id', '=', draw.id).execute();
    if (next)
      await tx.updateTable('draws').set({ opens_at: closesAt }).where('id', '=', next.id).execute();
  });
  return draw.id;
};

/**
 * Seeds `count` ballots into a draw with one SQL statement (as if submitted over the day), spread
 * over the given participants.
 */
export const seedBallots = async (
  world: World,
  draw: { id: number; lottery_id: number; opens_at: number },
  participantIds: number[],
  count: number,
): Promise<void> => {
  const ids = participantIds.join(',');
  const n = participantIds.length;
  if (world.dialect === 'postgres') {
    await sql`insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
      select ${draw.id}, ${draw.lottery_id}, (array[${sql.raw(ids)}])[1 + (g % ${n})], ${draw.opens_at}::bigint + g
      from generate_series(1, ${count}) as g`.execute(world.ctx.db);
  } else {
    // The participant ids as a small table, picked by position.
    const picks = participantIds
      .map((id, i) => `select ${i} as k, ${id} as pid`)
      .join(' union all ');
    await sql`with recursive seq(g) as (select 1 union all select g + 1 from seq where g < ${count}),
      picks as (${sql.raw(picks)})
      insert into ballots (id, draw_id, lottery_id, participant_id, submitted_at)
      select (select coalesce(max(id + quantity), 1) from ballots) + g - 1,
        ${draw.id}, ${draw.lottery_id}, picks.pid, ${draw.opens_at} + g
      from seq join picks on picks.k = g % ${n}`.execute(world.ctx.db);
  }
};

export const count = async (
  world: World,
  table: 'ballots' | 'draw_results' | 'draws',
  where?: { drawId: number },
) => {
  // A row of ballots is a run of `quantity` of them (ADR 0016).
  let query = world.ctx.db
    .selectFrom(table as 'ballots')
    .select((eb) =>
      table === 'ballots'
        ? eb.fn.coalesce(eb.fn.sum('quantity'), eb.lit(0)).as('n')
        : eb.fn.countAll().as('n'),
    );
  if (where) query = query.where('draw_id', '=', where.drawId);
  return Number((await query.executeTakeFirstOrThrow()).n);
};

/** The draw's ballot numbers in canonical (ascending) order. */
export const ballotIdsOf = async (world: World, drawId: number): Promise<number[]> =>
  (
    await world.ctx.db
      .selectFrom('ballots')
      .select(['id', 'quantity'])
      .where('draw_id', '=', drawId)
      .orderBy('id')
      .execute()
      .then(eachBallot)
  ).map((r) => r.id);

export interface ExpectedResult {
  ballotCount: number;
  merkleRoot: string;
  winningIndex: number | null;
  winningBallotId: number | null;
}

/**
 * The result the draw must have, computed independently from the published protocol: the Merkle
 * root over the ballots in id order, and the pick from that root, the count and the stored seed.
 */
export const expectedResult = async (world: World, drawId: number): Promise<ExpectedResult> => {
  const draw = await world.ctx.db
    .selectFrom('draws')
    .selectAll()
    .where('id', '=', drawId)
    .executeTakeFirstOrThrow();
  const ids = await ballotIdsOf(world, drawId);
  const tree = new MerkleBuilder();
  for (const id of ids) tree.push(ballotLeafHash(draw.lottery_id, draw.draw_date, id));
  const root = tree.root();
  const winningIndex = pickIndex({
    lotteryId: draw.lottery_id,
    date: draw.draw_date,
    root,
    count: ids.length,
    beaconRound: null,
    beaconRandomness: null,
    seed: Buffer.from(draw.seed, 'hex'),
  });
  return {
    ballotCount: ids.length,
    merkleRoot: root.toString('hex'),
    winningIndex,
    winningBallotId: winningIndex === null ? null : ids[winningIndex]!,
  };
};

export const resultOf = (world: World, drawId: number) =>
  world.ctx.db
    .selectFrom('draw_results')
    .selectAll()
    .where('draw_id', '=', drawId)
    .executeTakeFirst();

/**
 * Whole-database consistency, as a list of violations (empty when all is well): no ballot
 * outside its draw's window or lottery, no drawn draw without exactly its one result, no result
 * whose count or winner disagrees with the ballots, no seal that disagrees with them.
 */
export const invariantViolations = async (world: World): Promise<string[]> => {
  const db = world.ctx.db;
  const problems: string[] = [];
  const stray = await db
    .selectFrom('ballots')
    .leftJoin('draws', 'draws.id', 'ballots.draw_id')
    .select([
      'ballots.id',
      'ballots.submitted_at',
      'draws.id as draw',
      'draws.lottery_id',
      'ballots.lottery_id as ballot_lottery',
      'draws.opens_at',
      'draws.closes_at',
    ])
    .where((eb) =>
      eb.or([
        eb('draws.id', 'is', null),
        eb('draws.lottery_id', '!=', eb.ref('ballots.lottery_id')),
        eb('ballots.submitted_at', '<', eb.ref('draws.opens_at')),
        eb('ballots.submitted_at', '>=', eb.ref('draws.closes_at')),
      ]),
    )
    .limit(5)
    .execute();
  for (const b of stray) problems.push(`ballot ${b.id} is outside its draw: ${JSON.stringify(b)}`);

  const draws = await db
    .selectFrom('draws')
    .leftJoin('draw_results', 'draw_results.draw_id', 'draws.id')
    .select([
      'draws.id',
      'draws.status',
      'draws.sealed_count',
      'draws.sealed_root',
      'draws.closed_at',
      'draw_results.draw_id as result',
      'draw_results.ballot_count',
      'draw_results.merkle_root',
      'draw_results.winning_ballot_id',
      'draw_results.winning_index',
    ])
    .execute();
  const counts = new Map(
    (
      await db
        .selectFrom('ballots')
        .select(['draw_id', (eb) => eb.fn.sum('quantity').as('n')])
        .groupBy('draw_id')
        .execute()
    ).map((r) => [r.draw_id, Number(r.n)]),
  );
  for (const d of draws) {
    const n = counts.get(d.id) ?? 0;
    if ((d.status === 'drawn') !== (d.result !== null)) {
      problems.push(`draw ${d.id} is ${d.status} but has ${d.result === null ? 'no' : 'a'} result`);
    }
    if (d.status === 'open' && d.closed_at !== null)
      problems.push(`open draw ${d.id} has closed_at`);
    if (d.sealed_count !== null && d.sealed_count !== n) {
      problems.push(`draw ${d.id} sealed ${d.sealed_count} ballots but holds ${n}`);
    }
    if (d.result !== null) {
      if (d.ballot_count !== n)
        problems.push(`draw ${d.id} result counts ${d.ballot_count} ballots but holds ${n}`);
      if (d.sealed_root !== null && d.merkle_root !== d.sealed_root) {
        problems.push(`draw ${d.id} result root differs from its seal`);
      }
    }
  }
  const winners = await db
    .selectFrom('draw_results')
    .select([
      'draw_results.draw_id',
      'draw_results.winning_ballot_id',
      // The draw of the run holding the winning number.
      (eb) =>
        eb
          .selectFrom('ballots')
          .select('ballots.draw_id')
          .whereRef('ballots.id', '<=', 'draw_results.winning_ballot_id')
          .where((run) =>
            run(
              run('ballots.id', '+', run.ref('ballots.quantity')),
              '>',
              run.ref('draw_results.winning_ballot_id'),
            ),
          )
          .orderBy('ballots.id', 'desc')
          .limit(1)
          .as('ballot_draw'),
    ])
    .where('draw_results.winning_ballot_id', 'is not', null)
    .execute();
  for (const w of winners) {
    if (w.ballot_draw !== w.draw_id) {
      problems.push(
        `draw ${w.draw_id} won by ballot ${w.winning_ballot_id} of draw ${w.ballot_draw}`,
      );
    }
  }
  return problems;
};

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export const eventually = async <T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  everyMs = 100,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
  );
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
