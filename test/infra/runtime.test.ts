import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLottery } from '../../src/app/lotteries.js';
import { loadConfig } from '../../src/config.js';
import { findDrawRow } from '../../src/db/repositories/draws.js';
import { cryptoRandom, systemClock } from '../../src/infra/system.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { SeededRandom } from '../support/fakes.js';

describe('the service’s runtime', () => {
  let dir: string;
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes its time from the system clock and every seed from the operating system’s CSPRNG', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-runtime-'));
    const config = loadConfig({
      DATABASE_URL: `sqlite:${join(dir, 'lottery.db')}`,
      LOG_LEVEL: 'silent',
      LOTTERY_DEMO: 'false',
    });
    runtime = await openRuntime(config, { chores: false });
    const { ctx } = runtime;
    expect(ctx.clock).toBe(systemClock);
    expect(ctx.random).toBe(cryptoRandom);

    const today = new Date(systemClock.now()).toISOString().slice(0, 10);
    const seeds = [];
    for (const name of ['One', 'Two']) {
      const lottery = await createLottery(ctx, { name, startsOn: today });
      seeds.push((await findDrawRow(ctx.db, lottery.id, today))!.seed);
    }
    // 32 bytes each, unrelated to each other and to the tests' deterministic source.
    const fake = Buffer.from(new SeededRandom(1).bytes(32)).toString('hex');
    expect(seeds[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(seeds[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(seeds[0]).not.toBe(seeds[1]);
    expect(seeds).not.toContain(fake);
  });
});
