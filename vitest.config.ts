import { configDefaults, defineConfig } from 'vitest/config';

// Stopping the shared PostgreSQL server would break every other suite running beside it, so the
// outage scenario runs on its own, after the rest (`npm run test:outage`, part of `npm test`).
const outage = 'test/reliability/db-outage.test.ts';
const outageOnly = process.env.LOTTERY_OUTAGE_TESTS === '1';
// The soak runs the reliability suite alone, whose PostgreSQL scenarios take turns by a lock.
const soak = process.env.RELIABILITY_PROFILE === 'soak';

export default defineConfig({
  test: {
    include: outageOnly ? [outage] : ['test/**/*.test.ts'],
    exclude: outageOnly || soak ? configDefaults.exclude : [...configDefaults.exclude, outage],
    // A leftover `.only` must fail the run instead of silently skipping the rest.
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
