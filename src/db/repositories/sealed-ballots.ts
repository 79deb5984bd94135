import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** What the public fairness routes need of a draw: who, when, and its seal once there is one. */
const sealColumns = [
  'draws.id as draw_id',
  'draws.lottery_id',
  'draws.draw_date',
  'draws.status',
  'draws.closes_at',
  'draws.sealed_count',
  'draws.sealed_root',
] as const;

export type DrawSealRow = NonNullable<Awaited<ReturnType<typeof findDrawSeal>>>;

export const findDrawSeal = (db: Db, lotteryId: number, date: string) =>
  db
    .selectFrom('draws')
    .select(sealColumns)
    .where('draws.lottery_id', '=', lotteryId)
    .where('draws.draw_date', '=', date)
    .executeTakeFirst();

/** The draw a ballot belongs to, with its seal. Nothing about who owns the ballot. */
export const findBallotDrawSeal = (db: Db, ballotId: number) =>
  db
    .selectFrom('ballots')
    .innerJoin('draws', 'draws.id', 'ballots.draw_id')
    // The kept pages only for a proof: up to 11 KB for a 10M-ballot draw (ADR 0013).
    .select([...sealColumns, 'draws.sealed_pages'])
    .where('ballots.id', '=', ballotId)
    .executeTakeFirst();

/**
 * A ballot's position in its draw's canonical order: how many of the draw's ballots have a
 * smaller id, counted along the (draw_id, id) index.
 */
export const ballotPosition = async (db: Db, drawId: number, ballotId: number): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('ballots')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('draw_id', '=', drawId)
        .where('id', '<', ballotId)
        .executeTakeFirstOrThrow()
    ).n,
  );
