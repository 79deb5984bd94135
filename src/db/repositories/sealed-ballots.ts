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
    .select([...sealColumns, 'draws.sealed_pages', 'ballots.id as run_id', 'ballots.quantity'])
    // The run holding the number, if it is one (ADR 0016).
    .where('ballots.id', '<=', ballotId)
    .orderBy('ballots.id', 'desc')
    .limit(1)
    .executeTakeFirst()
    .then((row) => (row && ballotId < row.run_id + row.quantity ? row : undefined));
