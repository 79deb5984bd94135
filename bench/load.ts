/**
 * The load generator: its own process, so that it never shares an event loop with the harness or
 * the server. Reads a LoadSpec as JSON on stdin, runs autocannon against it and prints one
 * LoadResult as JSON on stdout.
 *
 * Every connection cycles through the whole request list, each starting at a different place,
 * so that concurrent connections act as different participants. Requests are built once
 * (no per-request callback), which keeps the generator cheap.
 */
import { createRequire } from 'node:module';
import type { LoadResult, LoadSpec } from './lib/load-types.js';

const require = createRequire(import.meta.url);
// autocannon ships no types; the few members used here are typed below.
const autocannon = require('autocannon') as Autocannon;

interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { total: number; sent: number };
  throughput: { total: number };
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

/** At most this many latencies are kept (enough for minutes at tens of thousands per second). */
const MAX_SAMPLES = 10_000_000;

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
};

const run = (spec: LoadSpec, durationS: number, record: boolean) =>
  new Promise<{ result: AutocannonResult; latencies: Float64Array; firstError: string | null }>(
    (resolve, reject) => {
      let latencies = new Float64Array(1 << 16);
      let n = 0;
      let firstError: string | null = null;
      let nextClient = 0;
      const list = spec.requests;
      const step = Math.max(1, Math.floor(list.length / spec.connections));
      const instance = autocannon(
        {
          url: spec.url,
          connections: spec.connections,
          pipelining: 1,
          duration: durationS,
          timeout: spec.timeoutS ?? 10,
          // Each connection starts at its own place in the list, with its own request objects.
          setupClient: (client: AutocannonClient) => {
            const start = (nextClient++ * step) % list.length;
            const rotated = [...list.slice(start), ...list.slice(0, start)];
            client.setRequests(rotated.map((r) => ({ ...r, headers: { ...r.headers } })));
          },
          requests: list.map((r) => ({ ...r, headers: { ...r.headers } })),
        },
        (error, result) => {
          if (error) reject(error);
          else resolve({ result, latencies: latencies.subarray(0, n), firstError });
        },
      );
      // autocannon's own histogram has 1 ms resolution; keep the exact times of successes.
      instance.on('response', (_client, status, _bytes, ms) => {
        if (!record || status < 200 || status >= 300 || n >= MAX_SAMPLES) return;
        if (n === latencies.length) {
          const bigger = new Float64Array(latencies.length * 2);
          bigger.set(latencies);
          latencies = bigger;
        }
        latencies[n++] = ms;
      });
      instance.on('reqError', (error) => {
        firstError ??= error.message;
      });
    },
  );

const main = async () => {
  const spec = JSON.parse(await readStdin()) as LoadSpec;
  if (spec.requests.length === 0) throw new Error('LoadSpec.requests is empty');
  if (spec.warmupS > 0) await run(spec, spec.warmupS, false);
  const cpuBefore = process.cpuUsage();
  const startedAt = Date.now();
  const { result, latencies, firstError } = await run(spec, spec.durationS, true);
  const endedAt = Date.now();
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.slice().sort();
  const seconds = result.duration > 0 ? result.duration : spec.durationS;
  const statusCounts: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats))
    statusCounts[code] = count;
  const output: LoadResult = {
    durationS: seconds,
    connections: spec.connections,
    responses: result.requests.total,
    ok: result['2xx'],
    startedAt,
    endedAt,
    okPerS: result['2xx'] / seconds,
    responsesPerS: result.requests.total / seconds,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCounts,
    firstError,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
      samples: sorted.length,
    },
    bytesPerS: result.throughput.total / seconds,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / seconds,
  };
  // Resolves once the line is flushed, so exiting afterwards never cuts it off.
  await new Promise<void>((resolve) =>
    process.stdout.write(`${JSON.stringify(output)}\n`, () => resolve()),
  );
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
