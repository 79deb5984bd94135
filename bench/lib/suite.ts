import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../src/config.js';
import { Api, mapLimit, type Identity } from './api.js';
import { cpuShares, readCpuTimes } from './cpu.js';
import type { BenchDatabase } from './databases.js';
import type { LoadResult, LoadSpec } from './load-types.js';
import type { BenchOptions, Dialect } from './options.js';
import { freePort, launch, launchBaseline, runLoad, type Launched } from './processes.js';
import type { ProfileWindow } from './profile.js';

export const ADMIN_USERNAME = 'bench-admin';

/** What the scenarios share: options, the work folder, the baseline server, server launches. */
export class Suite {
  readonly adminPassword = `bench-${randomBytes(12).toString('base64url')}`;
  readonly participantPassword = `bench-${randomBytes(12).toString('base64url')}`;
  private baselineServer: Launched | undefined;
  private readonly baselines = new Map<string, LoadResult>();
  private launches = 0;
  /** The hypervisor's share of CPU time during each load measurement (see cpu.ts). */
  readonly steals: number[] = [];
  /** A database per dialect left by the midnight scenario, with its ballots, for start-up. */
  readonly bigDatabases = new Map<Dialect, { db: BenchDatabase; ballots: number }>();
  /** CPU profiles written by servers started with cpuProf, with the load windows they saw. */
  readonly profiles: { file: string; windows: ProfileWindow[] }[] = [];
  private readonly windows = new Map<number, ProfileWindow[]>();

  constructor(
    readonly options: BenchOptions,
    readonly workDir: string,
    private readonly log: (message: string) => void,
  ) {
    mkdirSync(workDir, { recursive: true });
  }

  progress(message: string): void {
    this.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  }

  /** The load spec every measurement uses, given its requests and connections. */
  spec(url: string, requests: LoadSpec['requests'], connections: number): LoadSpec {
    return {
      url,
      connections,
      durationS: this.options.durationS,
      warmupS: this.options.warmupS,
      requests,
      timeoutS: 30,
    };
  }

  /**
   * The same load against the baseline server. Measured right before each measurement it is
   * compared with, so both see the same machine (other work on it comes and goes); quick runs
   * measure it once per shape (method, connections, body) to save time.
   */
  async baseline(key: string, spec: LoadSpec): Promise<LoadResult> {
    const cached = this.options.quick ? this.baselines.get(key) : undefined;
    if (cached) return cached;
    this.progress(`baseline: ${key}`);
    const result = await this.runBaseline(spec);
    this.baselines.set(key, result);
    return result;
  }

  private async runBaseline(spec: LoadSpec): Promise<LoadResult> {
    this.baselineServer ??= await launchBaseline(join(this.workDir, 'baseline.log'));
    return runLoad({ ...spec, url: this.baselineServer.url });
  }

  /**
   * Measures the server under a load, between two runs of the baseline under the same load, one
   * right before and one right after (quick runs: before only). The baseline's figures are the
   * means of its two runs: this VM's speed drifts from one minute to the next, and a single
   * baseline run at a fast moment made a measurement look slow (the lottery list at 72% in the
   * run of 2026-11-26 14:45, 93% in a run right after it).
   */
  async measure(
    server: Launched,
    label: string,
    baselineKey: string,
    spec: LoadSpec,
  ): Promise<{ result: LoadResult; baseline: LoadResult; raw: Record<string, unknown> }> {
    const before = await this.baseline(baselineKey, spec);
    this.progress(`${label}: ${spec.connections} connections, ${spec.durationS} s`);
    const loadBefore = loadavg()[0]!;
    const cpuBefore = readCpuTimes();
    const result = await runLoad(spec);
    const cpu = cpuShares(cpuBefore, readCpuTimes());
    if (cpu) this.steals.push(cpu.steal);
    this.markWindow(server, label, result.startedAt, result.endedAt);
    const loadAfter = loadavg()[0]!;
    let after: LoadResult | undefined;
    if (!this.options.quick) {
      this.progress(`baseline again: ${baselineKey}`);
      after = await this.runBaseline(spec);
    }
    const baseline = after ? meanOf(before, after) : before;
    return {
      result,
      baseline,
      // The 1-minute load average: high values mean other work shared the machine. The CPU
      // shares (warm-up included): how busy the machine was, and what the hypervisor took.
      raw: {
        result,
        baseline,
        baselineRuns: after ? [before, after] : [before],
        loadAverage: { before: loadBefore, after: loadAfter },
        cpu,
      },
    };
  }

  /** Starts `node bin/lottery.js serve` on a free loopback port and waits for /readyz. */
  async startLottery(
    db: BenchDatabase,
    options: { admin?: boolean; cpuProf?: boolean; timeoutMs?: number } = {},
  ): Promise<Launched> {
    const port = await freePort();
    const n = ++this.launches;
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Only the settings chosen here: nothing inherited from the caller's environment.
    for (const name of Object.keys(configSchema.properties)) delete env[name];
    Object.assign(env, {
      NODE_ENV: 'production',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      LOTTERY_DEMO: 'false',
      LOTTERY_SCHEDULER: 'true',
      LOG_LEVEL: this.options.logLevel,
      LOG_FORMAT: 'json',
      RATE_LIMIT_REGISTRATIONS_PER_HOUR: '1000000',
      RATE_LIMIT_FAILED_LOGINS_PER_HOUR: '1000000',
      RATE_LIMIT_ACCOUNT_FAILURES: '1000000',
      ...(options.admin
        ? { LOTTERY_ADMIN_USERNAME: ADMIN_USERNAME, LOTTERY_ADMIN_PASSWORD: this.adminPassword }
        : {}),
    });
    const profileDir = join(this.workDir, 'profiles', `${db.label}-${n}`);
    const args = [
      ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      'bin/lottery.js',
      'serve',
    ];
    const launched = await launch({
      args,
      env,
      logFile: join(this.workDir, `server-${db.label}-${n}.log`),
      port,
      readyPath: '/readyz',
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (!options.cpuProf) return launched;
    const windows: ProfileWindow[] = [];
    this.windows.set(launched.pid, windows);
    return {
      ...launched,
      stop: async (graceMs) => {
        await launched.stop(graceMs);
        try {
          for (const file of readdirSync(profileDir)) {
            if (file.endsWith('.cpuprofile'))
              this.profiles.push({ file: join(profileDir, file), windows });
          }
        } catch {
          // no profile written
        }
      },
    };
  }

  /** Notes when a measurement ran against a profiled server, so its profile can be cut to it. */
  markWindow(server: Launched, label: string, startedAt: number, endedAt: number): void {
    this.windows.get(server.pid)?.push({
      label,
      fromMs: startedAt - server.launchedAt,
      toMs: endedAt - server.launchedAt,
    });
  }

  /** Logs the admin in (the server must have been started with `admin`); returns the cookie. */
  async adminCookie(api: Api): Promise<string> {
    return (await api.login(ADMIN_USERNAME, this.adminPassword)).cookie;
  }

  /**
   * Registers `count` participants through the API and logs each in; every other one also
   * creates an API token and uses it instead of the cookie.
   */
  async participants(
    api: Api,
    count: number,
    prefix: string,
  ): Promise<{ identities: Identity[]; usernames: string[] }> {
    const usernames = Array.from(
      { length: count },
      (_, i) => `${prefix}${String(i).padStart(5, '0')}`,
    );
    const identities = await mapLimit(usernames, 4, async (username, i) => {
      await api.register(username, this.participantPassword);
      const { cookie, participantId } = await api.login(username, this.participantPassword);
      if (i % 2 === 0) {
        const token = await api.createToken(cookie, 'bench');
        return {
          username,
          participantId,
          kind: 'token' as const,
          headers: { authorization: `Bearer ${token}` },
        };
      }
      return {
        username,
        participantId,
        kind: 'cookie' as const,
        headers: api.cookieHeaders(cookie),
      };
    });
    return { identities, usernames };
  }

  async close(): Promise<void> {
    await this.baselineServer?.stop();
    this.baselineServer = undefined;
  }
}

/**
 * Two runs of the same load as one: rates and latency percentiles are the means of the two runs'
 * (a mean of percentiles, not a percentile of both runs' requests: a baseline's figure, no more),
 * counts their sums, times the span of both.
 */
export const meanOf = (a: LoadResult, b: LoadResult): LoadResult => {
  const mean = (x: number, y: number) => (x + y) / 2;
  return {
    durationS: a.durationS + b.durationS,
    connections: a.connections,
    startedAt: Math.min(a.startedAt, b.startedAt),
    endedAt: Math.max(a.endedAt, b.endedAt),
    responses: a.responses + b.responses,
    ok: a.ok + b.ok,
    okPerS: mean(a.okPerS, b.okPerS),
    responsesPerS: mean(a.responsesPerS, b.responsesPerS),
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    non2xx: a.non2xx + b.non2xx,
    statusCounts: Object.fromEntries(
      [...new Set([...Object.keys(a.statusCounts), ...Object.keys(b.statusCounts)])].map((k) => [
        k,
        (a.statusCounts[k] ?? 0) + (b.statusCounts[k] ?? 0),
      ]),
    ),
    firstError: a.firstError ?? b.firstError,
    latencyMs: {
      p50: mean(a.latencyMs.p50, b.latencyMs.p50),
      p90: mean(a.latencyMs.p90, b.latencyMs.p90),
      p99: mean(a.latencyMs.p99, b.latencyMs.p99),
      max: Math.max(a.latencyMs.max, b.latencyMs.max),
      samples: a.latencyMs.samples + b.latencyMs.samples,
    },
    bytesPerS: mean(a.bytesPerS, b.bytesPerS),
    generatorCpu: mean(a.generatorCpu, b.generatorCpu),
  };
};
