import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { findRunHolding } from '../../src/db/repositories/ballot-numbers.js';
import { insertBallotRuns } from '../../src/db/repositories/ballots.js';
import { LoadClient } from './support/load.js';
import {
  createOpenLottery,
  createPlayers,
  drawOf,
  expectedResult,
  invariantViolations,
  openWorld,
  resultOf,
  type Player,
  type TestLottery,
  type World,
} from './support/world.js';

/**
 * The checks the fault scenarios rely on, checked themselves: each must notice a lost, a
 * duplicated, a moved or a half-written ballot, and a result that is not the protocol's.
 * (A checker that always passes would make every scenario pass.)
 */
describe('the reliability checks catch what they are meant to', () => {
  let world: World;
  let player: Player;
  let lottery: TestLottery;
  let client: LoadClient;

  const submit = async (quantity: number) => {
    const draw = await drawOf(world, lottery.id, lottery.today);
    const [ids] = await world.ctx.db
      .transaction()
      .execute((tx) =>
        insertBallotRuns(
          tx,
          [{ drawId: draw.id, lotteryId: lottery.id, participantId: player.id, quantity }],
          Date.now(),
        ),
      );
    return { ids: ids!, drawId: draw.id };
  };
  const acknowledge = (ids: number[], drawId: number, key?: string) =>
    client.acknowledged.push({
      client: 0,
      participantId: player.id,
      lotteryId: lottery.id,
      quantity: ids.length,
      ids,
      drawId,
      drawDate: lottery.today,
      replayed: false,
      server: 'test',
      ...(key ? { key } : {}),
    });

  beforeEach(async () => {
    world = await openWorld('sqlite');
    [player] = (await createPlayers(world, 1)) as [Player];
    lottery = await createOpenLottery(world);
    client = new LoadClient(0, player, () => [], []);
  });
  afterEach(() => world.dispose());

  const violations = async () => {
    const { acknowledgedViolations } = await import('./support/load.js');
    return (await acknowledgedViolations(world, [client], [lottery.id])).violations;
  };

  it('passes when every acknowledged ballot is there', async () => {
    const a = await submit(3);
    acknowledge(a.ids, a.drawId);
    expect(await violations()).toEqual([]);
    expect(await invariantViolations(world)).toEqual([]);
  });

  it('notices a lost acknowledged ballot', async () => {
    const a = await submit(3);
    acknowledge(a.ids, a.drawId);
    // The last ballot goes: its run is shortened, or removed if it held only that one.
    const run = (await findRunHolding(world.ctx.db, a.ids[2]!))!;
    if (run.quantity === 1)
      await world.ctx.db.deleteFrom('ballots').where('id', '=', run.id).execute();
    else
      await world.ctx.db
        .updateTable('ballots')
        .set({ quantity: run.quantity - 1 })
        .where('id', '=', run.id)
        .execute();
    expect((await violations()).join()).toMatch(/missing/);
  });

  it('notices a ballot acknowledged twice, and a replay that names other ballots', async () => {
    const a = await submit(2);
    acknowledge(a.ids, a.drawId);
    acknowledge(a.ids, a.drawId);
    expect((await violations()).join()).toMatch(/acknowledged twice/);
    client.acknowledged.length = 0;
    const b = await submit(2);
    acknowledge(a.ids, a.drawId, 'k');
    acknowledge(b.ids, b.drawId, 'k');
    expect((await violations()).join()).toMatch(/two different sets/);
  });

  it('notices stored ballots that no request can explain, or only part of a request', async () => {
    const a = await submit(3);
    acknowledge(a.ids, a.drawId);
    await submit(2); // nobody was told, and no request's outcome was unknown
    expect((await violations()).join()).toMatch(/match no request/);
    client.unknown.push({
      client: 0,
      participantId: player.id,
      lotteryId: lottery.id,
      quantity: 5,
      failure: 'broken',
    });
    expect((await violations()).join()).toMatch(/match no request/); // 2 of a request of 5
    client.unknown[0]!.quantity = 2;
    expect(await violations()).toEqual([]); // the whole request, whose answer was lost
  });

  it('notices a ballot moved to another draw or outside its window', async () => {
    const a = await submit(1);
    acknowledge(a.ids, a.drawId);
    const next = await world.ctx.db
      .selectFrom('draws')
      .select('id')
      .where('lottery_id', '=', lottery.id)
      .where('id', '!=', a.drawId)
      .executeTakeFirstOrThrow();
    await world.ctx.db
      .updateTable('ballots')
      .set({ draw_id: next.id })
      .where('id', '=', a.ids[0]!)
      .execute();
    expect((await violations()).join()).toMatch(/stored as/);
    expect((await invariantViolations(world)).join()).toMatch(/outside its draw/);
  });

  it('notices a result that disagrees with the ballots or with the protocol', async () => {
    const a = await submit(5);
    const draw = await drawOf(world, lottery.id, lottery.today);
    const midnight = Date.now() - 1000;
    await world.ctx.db
      .updateTable('draws')
      .set({ closes_at: midnight })
      .where('id', '=', draw.id)
      .execute();
    await world.ctx.db
      .updateTable('ballots')
      .set({ submitted_at: midnight - 1 })
      .where('id', 'in', a.ids)
      .execute();
    await closeDueDraws(world.ctx);
    const result = (await resultOf(world, draw.id))!;
    const expected = await expectedResult(world, draw.id);
    expect(result.winning_ballot_id).toBe(expected.winningBallotId);
    expect(result.merkle_root).toBe(expected.merkleRoot);
    expect(await invariantViolations(world)).toEqual([]);

    // A ballot slipped into a drawn draw breaks its count and its root.
    await world.ctx.db
      .transaction()
      .execute((tx) =>
        insertBallotRuns(
          tx,
          [{ drawId: draw.id, lotteryId: lottery.id, participantId: player.id, quantity: 1 }],
          midnight - 1,
        ),
      );
    expect((await invariantViolations(world)).join()).toMatch(/holds 6/);
    expect((await expectedResult(world, draw.id)).merkleRoot).not.toBe(expected.merkleRoot);
  });
});
