import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { findDrawRow } from '../../src/db/repositories/draws.js';
import { ballotLeafHash, merkleRoot } from '../../src/fairness/merkle.js';
import { SubtreeHasherPool } from '../../src/infra/subtree-hashers.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

// More than two sealing pages (65,536 ballots each), ending in a partial one.
const BALLOTS = 2 * 65_536 + 1_234;

const pool = new SubtreeHasherPool(2);
afterAll(() => pool.close());

describe.each(dialects)('sealing a large draw on worker threads on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T12:00:00Z');
  });
  afterEach(() => ctx.dispose());

  it('publishes the root of every ballot in canonical order, as one thread would', async () => {
    const player = await registerParticipant(ctx, {
      username: 'player',
      password: 'correct horse battery',
    });
    const lottery = await createLottery(ctx, { name: 'Daily', startsOn: '2026-03-10' });
    const draw = (await findDrawRow(ctx.db, lottery.id, '2026-03-10'))!;
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${BALLOTS})
      insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
      select ${draw.id}, ${lottery.id}, ${player.id}, ${ctx.clock.now()} from n`.execute(ctx.db);
    const ids = (
      await ctx.db
        .selectFrom('ballots')
        .select('id')
        .where('draw_id', '=', draw.id)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    expect(ids).toHaveLength(BALLOTS);

    ctx.clock.set('2026-03-11T00:00:01Z');
    ctx.subtreeHasher = pool;
    expect((await closeDueDraws(ctx)).drawn).toBe(1);

    const sealed = (await findDrawRow(ctx.db, lottery.id, '2026-03-10'))!;
    const expected = merkleRoot(ids.map((id) => ballotLeafHash(lottery.id, '2026-03-10', id)));
    expect(sealed.sealed_count).toBe(BALLOTS);
    expect(sealed.sealed_root).toBe(expected.toString('hex'));
  });
});
