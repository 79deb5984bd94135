import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/**
 * Counts one event in the bucket's fixed window starting at `windowStart` and returns the count
 * so far. One atomic statement on both databases, so concurrent instances never lose a count;
 * a bucket's row is reused when a new window starts.
 */
export const countEvent = async (db: Db, bucket: string, windowStart: number): Promise<number> => {
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end`,
        window_start: (eb) => eb.ref('excluded.window_start'),
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
};

export const clearBucket = async (db: Db, bucket: string): Promise<void> => {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
};

/** Forgets windows that started before `before` (they no longer limit anything). */
export const deleteStaleBuckets = async (db: Db, before: number): Promise<number> =>
  Number(
    (await db.deleteFrom('rate_limits').where('window_start', '<', before).executeTakeFirst())
      .numDeletedRows,
  );

type BucketWindow = { bucket: string; windowStart: number };

// Several buckets are always written in the order of their names, so two statements or
// transactions that share rows lock them in the same order and cannot deadlock on PostgreSQL.
const byName = (a: { bucket: string }, b: { bucket: string }) =>
  a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0;

/**
 * `countEvent` for several buckets in one atomic statement (one commit instead of one each);
 * returns the counts in the order given. The buckets must differ.
 */
export const countEvents = async (db: Db, events: readonly BucketWindow[]): Promise<number[]> => {
  const rows = await db
    .insertInto('rate_limits')
    .values(
      [...events]
        .sort(byName)
        .map((e) => ({ bucket: e.bucket, window_start: e.windowStart, count: 1 })),
    )
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end`,
        window_start: (eb) => eb.ref('excluded.window_start'),
      }),
    )
    .returning(['bucket', 'count'])
    .execute();
  const counts = new Map(rows.map((r) => [r.bucket, Number(r.count)]));
  return events.map((e) => counts.get(e.bucket) ?? 0);
};

/**
 * In one transaction: takes back one event from each of `takeBack` (as `uncountEvent`) and
 * forgets the buckets in `clear` (as `clearBucket`).
 */
export const settleEvents = async (
  db: Db,
  changes: { takeBack: readonly BucketWindow[]; clear?: readonly string[] },
): Promise<void> => {
  const steps = [
    ...changes.takeBack.map((e) => ({ ...e, clear: false })),
    ...(changes.clear ?? []).map((bucket) => ({ bucket, windowStart: 0, clear: true })),
  ].sort(byName);
  if (steps.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (const step of steps) {
      if (step.clear) await clearBucket(tx, step.bucket);
      else await uncountEvent(tx, step.bucket, step.windowStart);
    }
  });
};

/** Takes back one event counted in the window starting at `windowStart` (never below zero). */
export const uncountEvent = async (db: Db, bucket: string, windowStart: number): Promise<void> => {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .where('count', '>', 0)
    .execute();
};
