import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLottery } from '../../src/app/lotteries.js';
import { compiledOnce } from '../../src/db/compiled-once.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';

describe.each(dialects)('a query compiled once, on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T12:00:00Z');
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      await createLottery(ctx, { name, startsOn: '2026-03-10' });
    }
  });
  afterEach(() => ctx.dispose());

  it('is built once and then runs with each call’s own values', async () => {
    const build = vi.fn((db: TestContext['db'], name: string, after: number) =>
      db
        .selectFrom('lotteries')
        .select(['id', 'name'])
        .where('name', '!=', name)
        .where('id', '>', after)
        .orderBy('id'),
    );
    const lotteries = compiledOnce(build);
    expect((await lotteries(ctx.db, 'Beta', 0)).map((l) => l.name)).toEqual(['Alpha', 'Gamma']);
    expect((await lotteries(ctx.db, 'Gamma', 1)).map((l) => l.name)).toEqual(['Beta']);
    await ctx.db.transaction().execute(async (tx) => {
      expect((await lotteries(tx, 'Alpha', 0)).map((l) => l.name)).toEqual(['Beta', 'Gamma']);
    });
    // Once with markers, to learn its text; never again.
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('is built every time when its values do not come in its arguments’ order', async () => {
    const build = vi.fn((db: TestContext['db'], after: number, name: string) =>
      db
        .selectFrom('lotteries')
        .select('name')
        .where('name', '!=', name)
        .where('id', '>', after)
        .orderBy('id'),
    );
    const lotteries = compiledOnce(build);
    expect((await lotteries(ctx.db, 0, 'Beta')).map((l) => l.name)).toEqual(['Alpha', 'Gamma']);
    expect((await lotteries(ctx.db, 1, 'Gamma')).map((l) => l.name)).toEqual(['Beta']);
    expect(build).toHaveBeenCalledTimes(3); // with markers once, then for each call
  });

  it('is built every time when an argument is not a value of the query', async () => {
    const build = vi.fn((db: TestContext['db'], limit: number) =>
      db.selectFrom('lotteries').select('name').orderBy('id').limit(sql.lit(limit)),
    );
    const lotteries = compiledOnce(build);
    expect(await lotteries(ctx.db, 1)).toEqual([{ name: 'Alpha' }]);
    expect(await lotteries(ctx.db, 2)).toEqual([{ name: 'Alpha' }, { name: 'Beta' }]);
    expect(build).toHaveBeenCalledTimes(3); // with markers once, then for each call
  });
});
