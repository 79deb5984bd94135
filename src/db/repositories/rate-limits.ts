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

/** The events counted so far in the window starting at `windowStart`. */
export const eventsInWindow = async (
  db: Db,
  bucket: string,
  windowStart: number,
): Promise<number> => {
  const row = await db
    .selectFrom('rate_limits')
    .select('count')
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
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
