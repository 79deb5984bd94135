import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLottery } from '../../src/app/lotteries.js';
import { DrawScheduler } from '../../src/app/scheduler.js';
import { findDraw } from '../../src/db/repositories/draws.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';
import { OffsetClock } from '../support/fakes.js';

describe.each(dialects)('the draw scheduler on %s', (dialect) => {
  let ctx: TestContext;
  let scheduler: DrawScheduler | undefined;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(async () => {
    await scheduler?.stop();
    await ctx.dispose();
  });

  it('draws a day by itself soon after its midnight, and opens the next days', async () => {
    ctx.clock.set('2026-06-01T23:59:58Z');
    const lottery = await createLottery(ctx, { name: 'Nightly', startsOn: '2026-06-01' });
    // From here on, time flows: midnight comes in about two seconds.
    const live = {
      ...ctx,
      clock: new OffsetClock(Date.parse('2026-06-01T23:59:58Z') - Date.now()),
    };
    scheduler = new DrawScheduler(live, { intervalMs: 200 });
    scheduler.start();
    const deadline = Date.now() + 15_000;
    while (
      (await findDraw(ctx.db, lottery.id, '2026-06-01'))?.status !== 'drawn' &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await findDraw(ctx.db, lottery.id, '2026-06-01'))?.status).toBe('drawn');
    await scheduler.stop();
    await scheduler.runOnce();
    expect(await findDraw(ctx.db, lottery.id, '2026-06-03')).toMatchObject({ status: 'open' });
  });

  it('keeps going after a failed pass', async () => {
    let failures = 0;
    await ctx.handle.close(); // the database goes away: every pass fails
    scheduler = new DrawScheduler(
      { ...ctx, log: { ...ctx.log, error: () => (failures += 1) } },
      { intervalMs: 20 },
    );
    scheduler.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(failures).toBeGreaterThan(2);
  });
});
