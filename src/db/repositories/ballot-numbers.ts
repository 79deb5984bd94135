import { sql, type Kysely } from 'kysely';
import { sqliteConnectionOf } from '../connect.js';
import { isPostgres } from '../migrations/helpers.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/**
 * Reading a draw's ballot numbers in canonical (ascending) order from its runs (ADR 0016): each
 * row of `ballots` holds `quantity` consecutive numbers from `id`.
 */

/** Runs read per round trip when walking a draw. */
const RUN_CHUNK = 65_536;

/**
 * Up to `maxRuns` runs of the draw holding numbers above `afterId`, in order, as a flat list
 * [first, quantity, first, quantity, …], the first run cut to start after `afterId`. Starts from
 * the run holding `afterId` + 1, found along the (draw_id, id, quantity) index.
 */
export const runsAfter = async (
  db: Db,
  drawId: number,
  afterId: number,
  maxRuns: number,
): Promise<number[]> => {
  const flat = await readRuns(db, drawId, afterId, maxRuns + 1);
  // The run holding afterId may end at or before it: then it is not one of the runs asked for.
  if (flat.length >= 2 && flat[0]! <= afterId) {
    const end = flat[0]! + flat[1]!;
    if (end <= afterId + 1) flat.splice(0, 2);
    else {
      flat[0] = afterId + 1;
      flat[1] = end - (afterId + 1);
    }
  }
  if (flat.length > 2 * maxRuns) flat.length = 2 * maxRuns;
  return flat;
};

const RUN_STARTS_SQLITE = `select id from ballots
  where draw_id = @drawId
    and id >= coalesce((select max(id) from ballots where draw_id = @drawId and id <= @afterId), 0)
  order by id limit @limit`;
const LONG_RUNS_SQLITE = `select group_concat(id || ',' || quantity) from ballots
  where draw_id = @drawId and id between @first and @last and quantity > 1`;

/**
 * SQLite: the runs' first numbers, plucked, then the few runs longer than one in that range, by
 * number. Arrays or objects per row would cost three times as much (the seal reads millions); the
 * second statement needs no order, so it is not sorted. Both read one unchanging range: runs
 * only ever join after the last.
 */
const readRunsSqlite = (
  sqlite: NonNullable<ReturnType<typeof sqliteConnectionOf>>,
  drawId: number,
  afterId: number,
  limit: number,
): number[] => {
  const firsts = sqlite
    .prepare(RUN_STARTS_SQLITE)
    .pluck()
    .all({ drawId, afterId, limit }) as number[];
  if (firsts.length === 0) return [];
  const long = sqlite
    .prepare(LONG_RUNS_SQLITE)
    .pluck()
    .get({ drawId, first: firsts[0], last: firsts[firsts.length - 1] }) as string | null;
  const quantities = new Map<number, number>();
  if (long) {
    const pairs = parseNumberList(long);
    for (let i = 0; i < pairs.length; i += 2) quantities.set(pairs[i]!, pairs[i + 1]!);
  }
  const flat = new Array<number>(firsts.length * 2);
  for (let i = 0; i < firsts.length; i++) {
    flat[2 * i] = firsts[i]!;
    flat[2 * i + 1] = long ? (quantities.get(firsts[i]!) ?? 1) : 1;
  }
  return flat;
};

const readRuns = async (
  db: Db,
  drawId: number,
  afterId: number,
  limit: number,
): Promise<number[]> => {
  const sqlite = sqliteConnectionOf(db);
  if (sqlite) return readRunsSqlite(sqlite, drawId, afterId, limit);
  const from = sql`coalesce((select max(id) from ballots where draw_id = ${drawId} and id <= ${afterId}), 0)`;
  if (isPostgres(db)) {
    // One text value instead of a row object per run: a page of 65,536 costs a few MB less and
    // arrives faster. Runs of one (all of them on PostgreSQL, ADR 0016) are sent as the number.
    const { rows } = await sql<{ runs: string | null }>`
      select string_agg(
          case when quantity = 1 then id::text else id::text || ':' || quantity::text end,
          ',' order by id
        ) as runs from (
        select id, quantity from ballots where draw_id = ${drawId} and id >= ${from}
        order by id limit ${limit}
      ) as page`.execute(db);
    const text = rows[0]?.runs;
    return text ? parseRunList(text) : [];
  }
  const { rows } = await sql<{ id: number; quantity: number }>`
    select id, quantity from ballots where draw_id = ${drawId} and id >= ${from}
    order by id limit ${limit}`.execute(db);
  return rows.flatMap((r) => [Number(r.id), Number(r.quantity)]);
};

/** "12,1,13,1000" → [12, 1, 13, 1000], without a string per number. */
const parseNumberList = (text: string): number[] => {
  const numbers: number[] = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      numbers.push(n);
      n = 0;
    } else {
      n = n * 10 + (c - 48);
    }
  }
  numbers.push(n);
  return numbers;
};

/** "12,13:1000" → [12, 1, 13, 1000]: runs of one are written as their number alone. */
const parseRunList = (text: string): number[] => {
  const flat: number[] = [];
  let n = 0;
  let quantity = 0;
  let long = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44) {
      flat.push(n, long ? quantity : 1);
      n = 0;
      quantity = 0;
      long = false;
    } else if (c === 58) {
      long = true;
    } else if (long) {
      quantity = quantity * 10 + (c - 48);
    } else {
      n = n * 10 + (c - 48);
    }
  }
  return flat;
};

/** A keyset page of a draw's ballot numbers in canonical (ascending) order. */
export const ballotIdPage = async (
  db: Db,
  drawId: number,
  afterId: number,
  limit: number,
): Promise<number[]> => {
  // Every run holds at least one number, so `limit` runs are always enough.
  const runs = await runsAfter(db, drawId, afterId, limit);
  const ids: number[] = [];
  for (let r = 0; r < runs.length && ids.length < limit; r += 2) {
    const first = runs[r]!;
    const end = first + Math.min(runs[r + 1]!, limit - ids.length);
    for (let id = first; id < end; id++) ids.push(id);
  }
  return ids;
};

/**
 * Walks the draw's runs from the number after `afterId`, a chunk at a time (memory stays flat
 * however large the draw), until `visit` returns something other than undefined.
 */
const walkRuns = async <T>(
  db: Db,
  drawId: number,
  afterId: number,
  visit: (first: number, quantity: number) => T | undefined,
): Promise<T | undefined> => {
  let after = afterId;
  for (;;) {
    const runs = await runsAfter(db, drawId, after, RUN_CHUNK);
    for (let r = 0; r < runs.length; r += 2) {
      const found = visit(runs[r]!, runs[r + 1]!);
      if (found !== undefined) return found;
    }
    if (runs.length < 2 * RUN_CHUNK) return undefined;
    after = runs[runs.length - 2]! + runs[runs.length - 1]! - 1;
  }
};

/** The ballot at `offset` counted from `fromId` (inclusive) in canonical order. */
export const ballotIdAt = (
  db: Db,
  drawId: number,
  fromId: number,
  offset: number,
): Promise<number | undefined> => {
  let left = offset;
  return walkRuns(db, drawId, fromId - 1, (first, quantity) => {
    if (left < quantity) return first + left;
    left -= quantity;
    return undefined;
  });
};

/**
 * Whether the draw holds at least `count` ballots numbered above `afterId`. Summed in the
 * database over at most `count` + 1 runs (each holds one ballot or more), along the index: the
 * seal asks this of every open draw every few seconds.
 */
export const hasBallotsAfter = async (
  db: Db,
  drawId: number,
  afterId: number,
  count: number,
): Promise<boolean> => {
  const { rows } = await sql<{ n: number | string | null }>`
    select sum(
      case
        when id + quantity - 1 <= ${afterId} then 0
        when id <= ${afterId} then id + quantity - 1 - ${afterId}
        else quantity
      end
    ) as n
    from (
      select id, quantity from ballots
      where draw_id = ${drawId}
        and id >= coalesce(
          (select max(id) from ballots where draw_id = ${drawId} and id <= ${afterId}), 0)
      order by id limit ${count + 1}
    ) as runs`.execute(db);
  return Number(rows[0]?.n ?? 0) >= count;
};

/** The highest ballot number of the draw, 0 when it holds none. */
export const highestBallotId = async (db: Db, drawId: number): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('ballots')
        .select((eb) => eb('id', '+', eb('quantity', '-', 1)).as('last'))
        .where('draw_id', '=', drawId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    )?.last ?? 0,
  );

/** How many ballots come before `ballotId` in its draw's canonical order (along the index). */
export const ballotPosition = async (db: Db, drawId: number, ballotId: number): Promise<number> => {
  const holding = await findRunHolding(db, ballotId);
  if (!holding || holding.draw_id !== drawId) throw new Error(`no ballot ${ballotId}`);
  const before = await db
    .selectFrom('ballots')
    .select((eb) => eb.fn.sum<number | string | null>('quantity').as('n'))
    .where('draw_id', '=', drawId)
    .where('id', '<', holding.id)
    .executeTakeFirstOrThrow();
  return Number(before.n ?? 0) + (ballotId - holding.id);
};

/** The run holding ballot number `ballotId`, if any. */
export const findRunHolding = async (db: Db, ballotId: number) => {
  const run = await db
    .selectFrom('ballots')
    .selectAll()
    .where('id', '<=', ballotId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return run && ballotId < run.id + run.quantity ? run : undefined;
};
