import { parseArgs } from 'node:util';

export const scenarioNames = ['intake', 'bulk', 'reads', 'login', 'midnight', 'startup'] as const;
export type ScenarioName = (typeof scenarioNames)[number];
export type Dialect = 'sqlite' | 'postgres';

export interface BenchOptions {
  quick: boolean;
  /** Scenarios to run, always in the canonical order above (later ones reuse earlier state). */
  scenarios: ScenarioName[];
  databases: Dialect[];
  /** Seconds of load per measurement. */
  durationS: number;
  /** Seconds of load before each measurement that are thrown away (JIT, caches, pools). */
  warmupS: number;
  /** Participants registered for the intake and login scenarios. */
  participants: number;
  /** Concurrent connections for single-ballot intake and for reads. */
  connections: number;
  /** Concurrent connections for bulk intake. */
  bulkConnections: number;
  /** Concurrent connections for logins (argon2id is deliberately slow). */
  loginConnections: number;
  /** Ballot counts of the midnight draws, ascending. */
  midnightSizes: number[];
  /** Launches per start-up measurement (the median is reported). */
  startupLaunches: number;
  /** Where latest.md/latest.json and the timestamped copies go. */
  outDir: string;
  /** PostgreSQL server the suite creates its own databases on. */
  postgresUrl: string;
  /** Run the lottery server under `node --cpu-prof` during the throughput scenarios. */
  cpuProf: boolean;
  /** Keep the databases and logs of the run (under <outDir>/tmp/). */
  keep: boolean;
  /** Build dist/ first (npm run build:server). */
  build: boolean;
  /** The server's LOG_LEVEL (warn: no per-request log lines). */
  logLevel: string;
}

export class OptionsError extends Error {}

export const usage = `Usage: npm run bench -- [options]

  --quick                 tiny sizes and 1-second measurements (a smoke run, figures not meaningful)
  --only <a,b,…>          scenarios: ${scenarioNames.join(', ')} (default: all)
  --db <sqlite|postgres|both>   databases (default: both)
  --duration <s>          seconds of load per measurement (default: 10; quick: 1)
  --warmup <s>            seconds of discarded load before each measurement (default: 2; quick: 0)
  --participants <n>      participants for intake and login (default: 200; quick: 4)
  --connections <n>       connections for single-ballot intake and reads (default: 64)
  --sizes <a,b,…>         midnight draw sizes (default: 1000,100000,1000000,10000000; quick: 100,1000)
  --out <dir>             results folder (default: bench/results)
  --postgres <url>        PostgreSQL server (default: $BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --cpu-prof              profile the server (node --cpu-prof) in the throughput and midnight scenarios
  --keep                  keep databases and server logs under <out>/tmp/
  --log-level <level>     the server's LOG_LEVEL (default: warn; info logs every request)
  --no-build              skip \`npm run build:server\` (dist/ must be current)
  -h, --help              this help`;

const positiveInt = (name: string, raw: string, max = 1_000_000_000): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new OptionsError(`${name} must be a whole number from 1 to ${max}, not "${raw}"`);
  }
  return n;
};

const nonNegative = (name: string, raw: string, max: number): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) {
    throw new OptionsError(`${name} must be a number from 0 to ${max}, not "${raw}"`);
  }
  return n;
};

/** Parses the command line; returns null when help was asked for. */
export const parseOptions = (
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions | null => {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      db: { type: 'string', default: 'both' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      participants: { type: 'string' },
      connections: { type: 'string' },
      sizes: { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      postgres: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'warn' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const quick = values.quick;

  let scenarios: ScenarioName[] = [...scenarioNames];
  if (values.only !== undefined) {
    const wanted = values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const name of wanted) {
      if (!(scenarioNames as readonly string[]).includes(name)) {
        throw new OptionsError(`--only: unknown scenario "${name}" (${scenarioNames.join(', ')})`);
      }
    }
    if (wanted.length === 0) throw new OptionsError('--only needs at least one scenario');
    scenarios = scenarioNames.filter((s) => wanted.includes(s));
  }

  const databases: Dialect[] =
    values.db === 'both'
      ? ['sqlite', 'postgres']
      : values.db === 'sqlite' || values.db === 'postgres'
        ? [values.db]
        : (() => {
            throw new OptionsError(`--db must be sqlite, postgres or both, not "${values.db}"`);
          })();

  const midnightSizes =
    values.sizes !== undefined
      ? values.sizes.split(',').map((s) => positiveInt('--sizes', s.trim(), 100_000_000))
      : quick
        ? [100, 1000]
        : [1000, 100_000, 1_000_000, 10_000_000];
  midnightSizes.sort((a, b) => a - b);
  if (
    !['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(values['log-level'])
  ) {
    throw new OptionsError(`--log-level must be a pino level, not "${values['log-level']}"`);
  }

  return {
    quick,
    scenarios,
    databases,
    durationS:
      values.duration !== undefined
        ? Math.max(0.5, nonNegative('--duration', values.duration, 3600))
        : quick
          ? 1
          : 10,
    warmupS:
      values.warmup !== undefined ? nonNegative('--warmup', values.warmup, 600) : quick ? 0 : 2,
    participants:
      values.participants !== undefined
        ? positiveInt('--participants', values.participants, 10_000)
        : quick
          ? 4
          : 200,
    connections:
      values.connections !== undefined
        ? positiveInt('--connections', values.connections, 4096)
        : 64,
    bulkConnections: quick ? 4 : 16,
    loginConnections: 4,
    midnightSizes,
    startupLaunches: quick ? 1 : 3,
    outDir: values.out,
    postgresUrl:
      values.postgres ?? env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    cpuProf: values['cpu-prof'],
    keep: values.keep,
    build: !values['no-build'],
    logLevel: values['log-level'],
  };
};
