import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../bench/lib/load-types.js';
import { meanOf } from '../../bench/lib/suite.js';

const run = (
  okPerS: number,
  p99: number,
  startedAt: number,
  statusCounts: Record<string, number> = { '200': 10 },
) =>
  ({
    durationS: 10,
    connections: 64,
    startedAt,
    endedAt: startedAt + 10_000,
    responses: 10,
    ok: 10,
    okPerS,
    responsesPerS: okPerS,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    statusCounts,
    firstError: null,
    latencyMs: { p50: p99 / 2, p90: p99 * 0.75, p99, max: p99 * 2, samples: 10 },
    bytesPerS: okPerS * 100,
    generatorCpu: 0.5,
  }) satisfies LoadResult;

describe('the baseline around a measurement', () => {
  it('is the mean of its runs before and after, so a fast moment on one side weighs half', () => {
    const mean = meanOf(run(60_000, 2, 1_000), run(40_000, 4, 30_000, { '200': 8, '503': 2 }));
    expect(mean.okPerS).toBe(50_000);
    expect(mean.latencyMs).toEqual({ p50: 1.5, p90: 2.25, p99: 3, max: 8, samples: 20 });
    expect(mean).toMatchObject({ startedAt: 1_000, endedAt: 40_000, durationS: 20, ok: 20 });
    expect(mean.statusCounts).toEqual({ '200': 18, '503': 2 });
  });
});
