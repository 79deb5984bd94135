import type { FileHandle } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitBallots, submitBallotsOnce } from '../../src/app/ballots.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import type { Participant } from '../../src/domain/index.js';
import { createTestContext, type TestContext } from '../support/databases.js';

/** The WAL's real sync, which the test can hold back until it chooses. */
class SyncGate {
  private held = false;
  private waiting: (() => void)[] = [];
  readonly dataSync = async (file: FileHandle): Promise<void> => {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    await file.datasync();
  };
  get pending(): number {
    return this.waiting.length;
  }
  hold(): void {
    this.held = true;
  }
  release(): void {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** Whether each promise has settled after every pending callback and I/O completion ran. */
const settled = async (promises: Promise<unknown>[]) => {
  const done = promises.map(() => false);
  promises.forEach((p, i) =>
    p.then(
      () => (done[i] = true),
      () => (done[i] = true),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  return done;
};

describe('ballot intake on SQLite (group commit, ADR 0006 and 0011)', () => {
  let ctx: TestContext;
  let gate: SyncGate;
  let players: Participant[];
  let lotteryId: number;

  beforeEach(async () => {
    gate = new SyncGate();
    ctx = await createTestContext('sqlite', { database: { walDataSync: gate.dataSync } });
    players = [];
    for (const username of ['ann', 'bob', 'cid']) {
      players.push(await registerParticipant(ctx, { username, password: 'correct horse battery' }));
    }
    lotteryId = (await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' })).id;
  });
  afterEach(async () => {
    gate.release();
    await ctx.dispose();
  });

  it('answers no submission of a group before its commit is synced to disk', async () => {
    gate.hold();
    const submissions = [
      submitBallots(ctx, players[0]!, lotteryId, 1),
      submitBallots(ctx, players[1]!, lotteryId, 5),
      // With an Idempotency-Key a submission takes the transaction path, in the same group.
      submitBallotsOnce(ctx, players[2]!, lotteryId, 2, { key: 'k-1', requestHash: 'h' }),
    ];
    expect(await settled(submissions)).toEqual([false, false, false]);
    // Committed, its sync held back: nor does anything else in the process read the ballots yet.
    expect(gate.pending).toBeGreaterThan(0);
    const count = ctx.db
      .selectFrom('ballots')
      .select((eb) => eb.fn.sum<number>('quantity').as('n'))
      .executeTakeFirstOrThrow();
    expect(await settled([count])).toEqual([false]);

    gate.release();
    const answers = await Promise.all(submissions);
    expect(answers.map((a) => (a === 'duplicate' ? 0 : a.ballotIds.length))).toEqual([1, 5, 2]);
    expect(Number((await count).n)).toBe(8);
  });
});
