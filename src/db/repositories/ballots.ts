import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { compiledOnce } from '../compiled-once.js';
import { pgPoolOf } from '../connect.js';
import { isPostgres } from '../migrations/helpers.js';
import type { Ballot, LocalDate } from '../../domain/index.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface BallotRun {
  drawId: number;
  lotteryId: number;
  participantId: number;
  quantity: number;
}

/**
 * Stores runs of ballots submitted at the same instant (one run per request of a group commit)
 * and returns each run's numbers, ascending (ADR 0016). On SQLite a run is one row holding
 * consecutive numbers. On PostgreSQL, whose identity sequence hands numbers to concurrent
 * transactions one at a time, each ballot is a run of one, numbered in the runs' order, so
 * sorting them all and cutting by quantity gives each run its own; intake touches no shared
 * counter. With `countShard`, the draws' live counts are kept in step, in that shard, in the same
 * statement where the database allows it.
 */
export const insertBallotRuns = async (
  tx: Transaction<Database>,
  runs: readonly BallotRun[],
  submittedAt: number,
  countShard?: number,
): Promise<number[][]> => {
  if (runs.length === 0) return [];
  if (!isPostgres(tx)) {
    const numbers = await insertSqliteRuns(tx, runs, submittedAt);
    if (countShard !== undefined) {
      const added = new Map<number, number>();
      for (const run of runs) added.set(run.drawId, (added.get(run.drawId) ?? 0) + run.quantity);
      // In id order, like the locks: two transactions never wait on each other's rows crosswise.
      for (const [drawId, ballots] of [...added].sort((a, b) => a[0] - b[0])) {
        await addToBallotCount(tx, { drawId, shard: countShard, ballots });
      }
    }
    return numbers;
  }
  // One round trip for the whole group, in the runs' order (nextval follows the select's order),
  // the live counts included (in draw order, like the locks).
  const ballots = sql`
    insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
    select r.draw_id, r.lottery_id, r.participant_id, ${submittedAt}::bigint
    from unnest(
      ${runs.map((r) => r.drawId)}::bigint[],
      ${runs.map((r) => r.lotteryId)}::bigint[],
      ${runs.map((r) => r.participantId)}::bigint[],
      ${runs.map((r) => r.quantity)}::int[]
    ) with ordinality as r(draw_id, lottery_id, participant_id, quantity, run)
    cross join lateral generate_series(1, r.quantity) as g(i)
    order by r.run, g.i
    returning id, draw_id`;
  const { rows } =
    countShard === undefined
      ? await sql<{ id: number }>`${ballots}`.execute(tx)
      : await sql<{ id: number }>`
          with inserted as (${ballots}), counted as (${countInserted(countShard)})
          select id from inserted`.execute(tx);
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  let at = 0;
  return runs.map((run) => ids.slice(at, (at += run.quantity)));
};

/**
 * PostgreSQL: adds the ballots of a CTE named `inserted` to their draws' live counts, in one
 * shard, in draw order (like the locks).
 */
const countInserted = (shard: number) => sql`
  insert into draw_ballot_counts (draw_id, shard, ballots)
  select draw_id, ${shard}, count(*) from inserted group by draw_id order by draw_id
  on conflict (draw_id, shard)
  do update set ballots = draw_ballot_counts.ballots + excluded.ballots`;

// A run starts after the last one (ADR 0016): one writer at a time on SQLite, so numbers taken
// this way are never shared, and the table's last row is found along its key.
const INSERT_RUN_SQLITE = `insert into ballots (id, draw_id, lottery_id, participant_id, submitted_at, quantity)
  values (coalesce((select id + quantity from ballots order by id desc limit 1), 1), ?, ?, ?, ?, ?)`;

const insertSqliteRuns = async (
  tx: Transaction<Database>,
  runs: readonly BallotRun[],
  submittedAt: number,
): Promise<number[][]> => {
  // One row per run, whatever its size: the row is the run (ADR 0016). Given as compiled SQL it
  // skips the query builder.
  const out: number[][] = [];
  for (const run of runs) {
    const { insertId } = await tx.executeQuery(
      CompiledQuery.raw(INSERT_RUN_SQLITE, [
        run.drawId,
        run.lotteryId,
        run.participantId,
        submittedAt,
        run.quantity,
      ]),
    );
    const first = Number(insertId);
    out.push(Array.from({ length: run.quantity }, (_, i) => first + i));
  }
  return out;
};

/** Adds to a draw's live ballot count, in one of its shards (same transaction as the ballots). */
export const addToBallotCount = async (
  tx: Transaction<Database>,
  input: { drawId: number; shard: number; ballots: number },
): Promise<void> => {
  await addToCount(tx, input.drawId, input.shard, input.ballots);
};

const addToCount = compiledOnce((db, drawId: number, shard: number, ballots: number) =>
  db
    .insertInto('draw_ballot_counts')
    .values({ draw_id: drawId, shard, ballots })
    .onConflict((oc) =>
      oc.columns(['draw_id', 'shard']).doUpdateSet((eb) => ({
        ballots: eb('draw_ballot_counts.ballots', '+', eb.ref('excluded.ballots')),
      })),
    ),
);

export interface OwnBallotsQuery {
  participantId: number;
  lotteryId?: number | undefined;
  date?: string | undefined;
  /** Keyset cursor: ballots with a smaller number than this (newest first). */
  before?: number | undefined;
  limit: number;
}

export interface OwnBallot extends Ballot {
  lotteryName: string;
  drawStatus: 'open' | 'closed' | 'drawn';
  won: boolean;
}

/** A participant's own ballots, newest first, with whether each won. */
export const listOwnBallots = async (db: Db, q: OwnBallotsQuery): Promise<OwnBallot[]> => {
  let query = db
    .selectFrom('ballots')
    .innerJoin('draws', 'draws.id', 'ballots.draw_id')
    .innerJoin('lotteries', 'lotteries.id', 'ballots.lottery_id')
    .leftJoin('draw_results', 'draw_results.draw_id', 'ballots.draw_id')
    .select([
      'ballots.id',
      'ballots.draw_id',
      'ballots.lottery_id',
      'ballots.participant_id',
      'ballots.submitted_at',
      'draws.draw_date',
      'draws.status',
      'lotteries.name as lottery_name',
      'draw_results.winning_ballot_id',
    ])
    .select('ballots.quantity')
    .where('ballots.participant_id', '=', q.participantId);
  if (q.lotteryId !== undefined) query = query.where('ballots.lottery_id', '=', q.lotteryId);
  if (q.date !== undefined) query = query.where('draws.draw_date', '=', q.date);
  if (q.before !== undefined) query = query.where('ballots.id', '<', q.before);
  // Every run holds at least one number below `before`, so `limit` runs are enough.
  const runs = await query.orderBy('ballots.id', 'desc').limit(q.limit).execute();
  const ballots: OwnBallot[] = [];
  for (const r of runs) {
    const last = Math.min(r.id + r.quantity, q.before ?? Infinity) - 1;
    for (let id = last; id >= r.id && ballots.length < q.limit; id--) {
      ballots.push({
        id,
        drawId: r.draw_id,
        lotteryId: r.lottery_id,
        participantId: r.participant_id,
        submittedAt: r.submitted_at,
        drawDate: r.draw_date as LocalDate,
        lotteryName: r.lottery_name,
        drawStatus: r.status,
        won: r.winning_ballot_id === id,
      });
    }
  }
  return ballots;
};

/** How many ballots a participant holds per lottery: in total, and in the given draws. */
export const ownBallotCounts = async (db: Db, participantId: number, openDrawIds: number[]) => {
  const totals = await db
    .selectFrom('ballots')
    .select(['lottery_id', (eb) => eb.fn.sum<number | string>('quantity').as('n')])
    .where('participant_id', '=', participantId)
    .groupBy('lottery_id')
    .execute();
  const today =
    openDrawIds.length === 0
      ? []
      : await db
          .selectFrom('ballots')
          .select(['draw_id', (eb) => eb.fn.sum<number | string>('quantity').as('n')])
          .where('participant_id', '=', participantId)
          .where('draw_id', 'in', openDrawIds)
          .groupBy('draw_id')
          .execute();
  return {
    totalByLottery: new Map(totals.map((r) => [r.lottery_id, Number(r.n)])),
    byDraw: new Map(today.map((r) => [r.draw_id, Number(r.n)])),
  };
};

export interface DatedBallotRun {
  lotteryId: number;
  /** The draw's date, in the lottery's time zone. */
  date: string;
  participantId: number;
  quantity: number;
}

/**
 * PostgreSQL only (ADR 0014): stores runs of ballots submitted at `at` in one statement, which is
 * its own transaction, provided that every draw they name accepts ballots then: it exists, its
 * lottery is not cancelled, and it is open with `at` before its midnight (`canAcceptBallot`),
 * checked under the draw row's shared lock, against which the close takes the exclusive one.
 * Otherwise nothing is stored, and undefined is returned. Runs the statement prepared once per
 * pool connection: parsing and planning it anew cost PostgreSQL more than running it.
 */
export const insertBallotRunsIfOpen = async (
  db: Db,
  runs: readonly DatedBallotRun[],
  at: number,
  countShard: number,
): Promise<{ drawId: number; ballotIds: number[] }[] | undefined> => {
  const draws = [...new Map(runs.map((r) => [`${r.lotteryId}|${r.date}`, r])).values()];
  const query = sql<{ id: number; draw_id: number }>`
    with open_draws as (
      select draws.id, draws.lottery_id, draws.draw_date
      from draws join lotteries on lotteries.id = draws.lottery_id
      where (draws.lottery_id, draws.draw_date) in (
          select * from unnest(
            ${draws.map((r) => r.lotteryId)}::bigint[],
            ${draws.map((r) => r.date)}::text[]
          )
        )
        and draws.status = 'open'
        and draws.closes_at > ${at}::bigint
        and lotteries.cancelled_at is null
      order by draws.id
      for share of draws
    ),
    inserted as (
      insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
      select d.id, r.lottery_id, r.participant_id, ${at}::bigint
      from unnest(
        ${runs.map((r) => r.lotteryId)}::bigint[],
        ${runs.map((r) => r.date)}::text[],
        ${runs.map((r) => r.participantId)}::bigint[],
        ${runs.map((r) => r.quantity)}::int[]
      ) with ordinality as r(lottery_id, draw_date, participant_id, quantity, run)
      join open_draws d on d.lottery_id = r.lottery_id and d.draw_date = r.draw_date
      cross join lateral generate_series(1, r.quantity) as g(i)
      where (select count(*) from open_draws) = ${draws.length}
      order by r.run, g.i
      returning id, draw_id
    ),
    counted as (${countInserted(countShard)})
    select id, draw_id from inserted`;
  const compiled = query.compile(db);
  const pool = pgPoolOf(db);
  const { rows } = pool
    ? await pool.query<{ id: number; draw_id: number }>({
        name: 'insert-ballot-runs-if-open',
        text: compiled.sql,
        values: [...compiled.parameters],
      })
    : await db.executeQuery(compiled);
  if (rows.length === 0) return undefined;
  // Numbers were taken in the runs' order (see insertBallotRuns).
  rows.sort((a, b) => a.id - b.id);
  let next = 0;
  return runs.map((run) => {
    const own = rows.slice(next, (next += run.quantity));
    return { drawId: own[0]!.draw_id, ballotIds: own.map((r) => r.id) };
  });
};
