import { sql, type Kysely } from 'kysely';
import { ballotRules } from '../../domain/index.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** One draw a participant has ballots in: their share of it, summed over their runs. */
export interface OwnDrawRow {
  drawId: number;
  lotteryId: number;
  lotteryName: string;
  date: string;
  status: 'open' | 'closed' | 'drawn';
  /** How many ballots the participant holds in it. */
  ballots: number;
  /** The draw's own count: sealed once closed, live before. */
  drawBallots: number;
  /** The participant's lowest and highest ballot numbers in it. */
  firstId: number;
  lastId: number;
  /** The start of the participant's last run in it: the page's order and cursor. */
  lastRunId: number;
  firstSubmittedAt: number;
  lastSubmittedAt: number;
  winningBallotId: number | null;
}

export interface OwnDrawsQuery {
  participantId: number;
  lotteryId?: number | undefined;
  date?: string | undefined;
  /** Keyset cursor: draws whose last run starts below this (the previous page's `next`). */
  before?: number | undefined;
  limit: number;
}

/**
 * A page of the draws a participant has ballots in, the one they last played first: each with
 * their ballot count and number span, aggregated along the (participant_id, id) index.
 */
export const ownDrawsPage = async (db: Db, q: OwnDrawsQuery): Promise<OwnDrawRow[]> => {
  let totals = db
    .selectFrom('ballots')
    .select((eb) => [
      'ballots.draw_id',
      eb.fn.sum<number | string>('ballots.quantity').as('ballots'),
      eb.fn.min<number>('ballots.id').as('first_id'),
      eb.fn.max<number>(sql<number>`ballots.id + ballots.quantity - 1`).as('last_id'),
      eb.fn.max<number>('ballots.id').as('last_run_id'),
      eb.fn.min<number>('ballots.submitted_at').as('first_submitted_at'),
      eb.fn.max<number>('ballots.submitted_at').as('last_submitted_at'),
    ])
    .where('ballots.participant_id', '=', q.participantId);
  if (q.lotteryId !== undefined) totals = totals.where('ballots.lottery_id', '=', q.lotteryId);
  if (q.date !== undefined) {
    const date = q.date;
    totals = totals.where('ballots.draw_id', 'in', (eb) =>
      eb.selectFrom('draws').select('draws.id').where('draws.draw_date', '=', date),
    );
  }
  totals = totals.groupBy('ballots.draw_id');
  if (q.before !== undefined) {
    const before = q.before;
    totals = totals.having((eb) => eb.fn.max('ballots.id'), '<', before);
  }
  const page = await totals
    .orderBy((eb) => eb.fn.max('ballots.id'), 'desc')
    .limit(q.limit)
    .execute();
  if (page.length === 0) return [];

  const drawIds = page.map((r) => Number(r.draw_id));
  const draws = await db
    .selectFrom('draws')
    .innerJoin('lotteries', 'lotteries.id', 'draws.lottery_id')
    .leftJoin('draw_results', 'draw_results.draw_id', 'draws.id')
    .select([
      'draws.id',
      'draws.lottery_id',
      'lotteries.name as lottery_name',
      'draws.draw_date',
      'draws.status',
      'draws.sealed_count',
      'draw_results.ballot_count',
      'draw_results.winning_ballot_id',
    ])
    .where('draws.id', 'in', drawIds)
    .execute();
  const live = await db
    .selectFrom('draw_ballot_counts')
    .select(['draw_id', (eb) => eb.fn.sum<number | string>('ballots').as('n')])
    .where('draw_id', 'in', drawIds)
    .groupBy('draw_id')
    .execute();
  const liveCount = new Map(live.map((r) => [Number(r.draw_id), Number(r.n)]));
  const byId = new Map(draws.map((d) => [Number(d.id), d]));
  return page.map((r) => {
    const drawId = Number(r.draw_id);
    const d = byId.get(drawId)!;
    return {
      drawId,
      lotteryId: Number(d.lottery_id),
      lotteryName: d.lottery_name,
      date: d.draw_date,
      status: d.status,
      ballots: Number(r.ballots),
      drawBallots: Number(d.ballot_count ?? d.sealed_count ?? liveCount.get(drawId) ?? 0),
      firstId: Number(r.first_id),
      lastId: Number(r.last_id),
      lastRunId: Number(r.last_run_id),
      firstSubmittedAt: Number(r.first_submitted_at),
      lastSubmittedAt: Number(r.last_submitted_at),
      winningBallotId: d.winning_ballot_id === null ? null : Number(d.winning_ballot_id),
    };
  });
};

/**
 * The participant's numbers in one draw as ranges of consecutive numbers ("islands"), ascending,
 * from the number `from` on (a run holding it is cut there): at most `runs` runs are read, along the (participant_id, id) index
 * within the span of their numbers in that draw, and folded by the database. A run starts a new
 * range unless it follows the previous one directly, so `id` less the numbers before it is the
 * same for every run of a range.
 */
export const ownIslandsInDraw = async (
  db: Db,
  q: { participantId: number; drawId: number; from: number; to: number; runs: number },
): Promise<{ first: number; last: number; runs: number }[]> => {
  const { rows } = await sql<{
    first: number | string;
    last: number | string;
    runs: number | string;
  }>`
    select min(id) as first, max(id + quantity - 1) as last, count(*) as runs
    from (
      select id, quantity, id - (sum(quantity) over (order by id) - quantity) as island
      from (
        select id, quantity from ballots
        where participant_id = ${q.participantId} and id >= ${q.from - (ballotRules.maxQuantity - 1)}
          and id <= ${q.to} and id + quantity > ${q.from} and draw_id = ${q.drawId}
        order by id
        limit ${q.runs}
      ) as runs
    ) as islands
    group by island
    order by island`.execute(db);
  return rows.map((r) => ({
    first: Math.max(Number(r.first), q.from),
    last: Number(r.last),
    runs: Number(r.runs),
  }));
};

/** Whether the participant holds ballot `ballotId` of the draw (the run holding it is theirs). */
export const holdsBallot = async (
  db: Db,
  participantId: number,
  drawId: number,
  ballotId: number,
): Promise<boolean> => {
  const run = await db
    .selectFrom('ballots')
    .select(['id', 'quantity', 'participant_id'])
    .where('draw_id', '=', drawId)
    .where('id', '<=', ballotId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (
    run !== undefined &&
    Number(run.participant_id) === participantId &&
    Number(run.id) + Number(run.quantity) > ballotId
  );
};
