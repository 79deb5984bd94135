import { sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { closeDueDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { SEAL_PAGE } from '../../src/app/sealing.js';
import { findDraw, findDrawResult, findDrawRow } from '../../src/db/repositories/draws.js';
import { FixtureBeaconSource } from '../../src/fairness/beacon.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

/** Counts the queries that read the ballots table (SQLite's own fast path is left out). */
class BallotReads implements KyselyPlugin {
  count = 0;
  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    if (node.kind !== 'InsertQueryNode' && /\bballots\b/.test(JSON.stringify(node))) {
      this.count += 1;
    }
    return node;
  }
  transformResult<T>({ result }: { result: T }): Promise<T> {
    return Promise.resolve(result);
  }
}

// The recorded quicknet beacon is round 657413, published at 2023-09-15T11:00:03Z: midnight in
// Tonga (UTC+13) is 11:00:00Z, so a Tongan draw of 2023-09-15 commits to exactly that round.
const fixture = new URL('../fixtures/drand-quicknet.json', import.meta.url);
const PLAYER = { username: 'player', password: 'correct horse battery' };

describe.each(dialects)('draws with a randomness beacon on %s', (dialect) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.beacon = await FixtureBeaconSource.fromFile(fixture);
    ctx.beaconMarginMs = 0;
    ctx.clock.set('2023-09-15T01:00:00Z');
  });
  afterEach(() => ctx.dispose());

  /** A lottery in Tonga, open from 2023-09-15, whose first draw commits to the recorded round. */
  const tongaLottery = () =>
    createLottery(ctx, { name: 'Tonga', startsOn: '2023-09-15', timeZone: 'Pacific/Tongatapu' });

  it('commits to the first beacon round after midnight, seals at the close, and draws with the beacon', async () => {
    const player = await registerParticipant(ctx, PLAYER);
    const lottery = await tongaLottery();
    await submitBallots(ctx, player, lottery.id, 10);
    expect(await findDrawRow(ctx.db, lottery.id, '2023-09-15')).toMatchObject({
      beacon_round: 657413,
    });

    ctx.clock.set('2023-09-15T11:00:01Z');
    const withoutBeacon = new FixtureBeaconSource({ beacons: [] });
    const realBeacon = ctx.beacon;
    ctx.beacon = withoutBeacon; // the round is not published yet
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 0, awaitingBeacon: 1 });
    const waiting = (await findDrawRow(ctx.db, lottery.id, '2023-09-15'))!;
    expect(waiting).toMatchObject({ status: 'closed', sealed_count: 10 });
    expect(waiting.sealed_root).toMatch(/^[0-9a-f]{64}$/);

    ctx.beacon = realBeacon;
    ctx.clock.set('2023-09-15T11:00:05Z');
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 1 });
    const draw = (await findDraw(ctx.db, lottery.id, '2023-09-15'))!;
    expect(draw.status).toBe('drawn');
    expect(await findDrawResult(ctx.db, draw.id)).toMatchObject({
      ballot_count: 10,
      merkle_root: waiting.sealed_root,
      beacon_randomness: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
    });
  });

  it('never draws with a forged beacon: the draw keeps waiting', async () => {
    const lottery = await tongaLottery();
    ctx.beacon = new FixtureBeaconSource({
      beacons: [
        {
          round: 657413,
          randomness: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
          signature:
            'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97c',
        },
      ],
    });
    ctx.clock.set('2023-09-15T11:00:05Z');
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 0, awaitingBeacon: 1 });
    expect((await findDraw(ctx.db, lottery.id, '2023-09-15'))?.status).toBe('closed');
  });

  it('draws a draw that waited for its beacon from its kept pages, reading one page of ballots', async () => {
    const player = await registerParticipant(ctx, PLAYER);
    const lottery = await tongaLottery();
    const draw = (await findDrawRow(ctx.db, lottery.id, '2023-09-15'))!;
    // Three pages of single ballots, numbered after anything already there (ADR 0016).
    const total = 2 * SEAL_PAGE + 17;
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${total})
      insert into ballots (id, draw_id, lottery_id, participant_id, submitted_at)
      select i, ${draw.id}, ${lottery.id}, ${player.id}, ${ctx.clock.now()} from n`.execute(ctx.db);

    ctx.clock.set('2023-09-15T11:00:01Z');
    const realBeacon = ctx.beacon;
    ctx.beacon = new FixtureBeaconSource({ beacons: [] });
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 0, awaitingBeacon: 1 });

    ctx.beacon = realBeacon;
    ctx.clock.set('2023-09-15T11:00:05Z');
    const reads = new BallotReads();
    expect(await closeDueDraws({ ...ctx, db: ctx.db.withPlugin(reads) })).toMatchObject({
      drawn: 1,
    });
    const result = (await findDrawResult(ctx.db, draw.id))!;
    // The winner is past the first page, so counting from the draw's first ballot would have
    // read a page of runs for every page before it.
    expect(result.winning_index).toBeGreaterThanOrEqual(SEAL_PAGE);
    expect(result.winning_ballot_id).toBe(result.winning_index! + 1);
    expect(reads.count).toBe(1);
  });
});
